import type { ToolValue } from './agent.js';

/** A value a tool received, with the token that stands for it. */
export interface ResolvedValue {
  token: string;
  value: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `value` as a whole (not inside a longer run of letters or digits), written as received or, for
 * numbers, with spaces, dashes or dots between the digits ("4111 1111 1111 1111"): a tool that
 * echoes a card number formatted must not get it past us.
 */
function occurrence(value: string): string {
  const body = /^\d+$/.test(value) ? value.split('').join('[\\s.-]?') : escapeRegExp(value);
  return `(?<![0-9A-Za-z])(?:${body})(?![0-9A-Za-z])`;
}

/**
 * Replaces every resolved value in a tool's result with its token before the result goes back to
 * the flow or the model (DESIGN.md invariant 3). One pass over the original text with the longer
 * values tried first, so a card number is not partly replaced by a shorter value it contains and
 * an inserted token is never rescanned. A number field that contains a value becomes the token (a
 * string): the type changes rather than the value leaking.
 */
export function retokenizeResult(result: Record<string, ToolValue>, resolved: readonly ResolvedValue[]): Record<string, ToolValue> {
  const values = [...resolved]
    .map((r) => ({ token: r.token, value: r.value.trim() }))
    .filter((r) => r.value.length > 0)
    .sort((a, b) => b.value.length - a.value.length);
  if (values.length === 0) return { ...result };
  // The tokens themselves are matched first and kept, so a short value ("1") never rewrites the
  // digits inside a token; then each value is one capture group, so the match says which token replaces it.
  const tokens = [...new Set(values.map((r) => escapeRegExp(r.token)))].join('|');
  const pattern = new RegExp(`(${tokens})|${values.map((r) => `(${occurrence(r.value)})`).join('|')}`, 'gi');
  const replace = (text: string): string =>
    text.replace(pattern, (match: string, token: string | undefined, ...groups: unknown[]) =>
      token !== undefined ? match : (values[groups.slice(0, values.length).findIndex((g) => g !== undefined)]?.token ?? ''),
    );
  const out: Record<string, ToolValue> = {};
  for (const [key, field] of Object.entries(result)) {
    if (typeof field === 'string') out[key] = replace(field);
    else if (typeof field === 'number') out[key] = replace(String(field)) === String(field) ? field : replace(String(field));
    else out[key] = field;
  }
  return out;
}
