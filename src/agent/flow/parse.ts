import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { SottoError } from '../../errors/index.js';
import { checkReferences, type FlowPath } from './references.js';
import { FLOW_SCHEMA, type Flow } from './schema.js';

/** Flow files are small; a bound keeps a hostile file from costing much to parse. */
const MAX_FLOW_BYTES = 256 * 1024;

/** `steps.card.validators[0]`: the path an author looks for in the file. */
export function formatFlowPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function invalid(source: string, doc: Document, lines: LineCounter, problems: readonly { path: readonly PropertyKey[]; message: string }[]): SottoError {
  const first = problems[0];
  const where = (p: { path: readonly PropertyKey[] }): string => {
    const line = lineOf(doc, lines, p.path);
    return `${formatFlowPath(p.path)}${line === undefined ? '' : ` (line ${line})`}`;
  };
  const rest = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new SottoError('FLOW_INVALID', `flow ${source}: ${first ? `${where(first)}: ${first.message}` : 'invalid'}${rest}`);
}

/** Parses and checks a flow file; every problem is FLOW_INVALID naming the field and its line. */
export function parseFlow(text: string, source = '<flow>'): Flow {
  if (Buffer.byteLength(text, 'utf8') > MAX_FLOW_BYTES) throw new SottoError('FLOW_INVALID', `flow ${source}: larger than ${MAX_FLOW_BYTES} bytes`);
  const lines = new LineCounter();
  // Core schema only (no custom tags); duplicate keys are errors; alias expansion stays bounded.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lines.linePos(yamlError.pos[0]).line;
    throw new SottoError('FLOW_INVALID', `flow ${source}: not valid YAML at line ${line}: ${yamlError.code}`, { cause: yamlError });
  }
  const parsed = FLOW_SCHEMA.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (!parsed.success) throw invalid(source, doc, lines, parsed.error.issues);
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw invalid(source, doc, lines, problems);
  return parsed.data;
}

export type { FlowPath };
