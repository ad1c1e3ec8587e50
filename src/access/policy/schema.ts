import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';

import { SottoError } from '../../errors/index.js';
import { PERMISSIONS, ROLES, type Permission } from '../permissions.js';

const CONDITIONS = ['break_glass'] as const;

const grantSchema = z.strictObject({
  permission: z.enum(PERMISSIONS, { error: (issue) => `unknown permission ${quote(issue.input)}` }),
  requires: z.enum(CONDITIONS, { error: (issue) => `unknown condition ${quote(issue.input)}` }).optional(),
  why: z.string({ error: 'every grant needs a `why`' }).trim().min(10, { error: '`why` must explain the grant (10 characters or more)' }),
});

/** Permissions no policy may grant without break-glass (issue 3: unredacted content needs
 *  its permission plus a stated reason, for a limited time). */
export const BREAK_GLASS_ONLY: readonly Permission[] = ['transcript.view_unredacted'];

const roleSchema = z
  .strictObject({
    description: z.string().trim().min(1),
    grants: z.array(grantSchema),
  })
  .superRefine((role, ctx) => {
    const seen = new Set<string>();
    role.grants.forEach((grant, i) => {
      const path = ['grants', i, 'permission'];
      if (seen.has(grant.permission)) {
        ctx.addIssue({ code: 'custom', path, message: `${quote(grant.permission)} is granted twice to this role` });
      }
      seen.add(grant.permission);
      if (BREAK_GLASS_ONLY.includes(grant.permission) && grant.requires !== 'break_glass') {
        ctx.addIssue({ code: 'custom', path, message: `${quote(grant.permission)} may only be granted with \`requires: break_glass\`` });
      }
    });
  });

// An enum-keyed record is exhaustive in zod 4: a role missing from the file is an error, so
// every role's access is written down where a reviewer reads it, and an unknown role is too.
const policySchema = z.strictObject({
  version: z.literal(1),
  roles: z.record(z.enum(ROLES), roleSchema),
});

export type PolicyDocument = z.infer<typeof policySchema>;

/**
 * Parse a policy file's text. The file is input an administrator edits by hand, so every
 * problem is reported as POLICY_INVALID with the item's path and line, and nothing partial is
 * ever returned: a policy either validates whole or is not used.
 */
export function parsePolicy(text: string, source: string): PolicyDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw invalid(source, `line ${line}: ${syntax.message.split('\n')[0] ?? syntax.code}`);
  }
  let data: unknown;
  try {
    // No aliases: what a reviewer reads at a grant is all that grant is.
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (cause) {
    throw invalid(source, `YAML aliases (*name) are not allowed in a policy`, cause);
  }
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    const missingRoles = parsed.error.issues.filter(isMissingRole).map((issue) => String(issue.path[1]));
    const problems = parsed.error.issues.filter((issue) => !isMissingRole(issue)).map((issue) => describeIssue(doc, lineCounter, issue));
    if (missingRoles.length > 0) {
      problems.push(`${at(doc, lineCounter, ['roles'])}: roles missing: ${missingRoles.join(', ')} (list every role, with \`grants: []\` for none)`);
    }
    // Bounded: a file of garbage should not make an error message of unbounded size.
    const shown = problems.slice(0, 10).join('; ');
    throw invalid(source, problems.length > 10 ? `${shown}; and ${problems.length - 10} more` : shown);
  }
  return parsed.data;
}

function isMissingRole(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 2 && issue.path[0] === 'roles' && issue.input === undefined;
}

function describeIssue(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const what = path.length === 1 && path[0] === 'roles' ? 'unknown role' : 'unknown field';
    return issue.keys.map((key) => `${at(doc, lines, [...path, key])}: ${what} ${quote(key)}`).join('; ');
  }
  return `${at(doc, lines, path)}: ${issue.message}`;
}

/** `roles.analyst.grants[1].permission (line 42)`, or the nearest enclosing node's line. */
function at(doc: Document, lines: LineCounter, path: (string | number)[]): string {
  const name = path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = nodeOffset(doc, path.slice(0, depth));
    if (offset !== undefined) return `${name || '(top level)'} (line ${lines.linePos(offset).line})`;
  }
  return name || '(top level)';
}

function nodeOffset(doc: Document, path: (string | number)[]): number | undefined {
  if (path.length === 0) return doc.contents?.range?.[0];
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path.at(-1);
  // A map key's own position is the clearest pointer, for unknown keys in particular.
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isScalar(pair.key)) return pair.key.range?.[0];
  }
  const node: unknown = doc.getIn(path, true);
  return isNode(node) ? node.range?.[0] : undefined;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value.slice(0, 60)}'` : String(value);
}

function invalid(source: string, detail: string, cause?: unknown): SottoError {
  return new SottoError('POLICY_INVALID', `access policy ${source}: ${detail}`, cause === undefined ? undefined : { cause });
}
