import type { Candidate } from './candidate.js';

// RFC 5321 §4.5.3.1: a local part is at most 64 octets, a domain label at most 63.
const WRITTEN = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
// Quantifiers are bounded: a 1 MB turn must not backtrack quadratically.
// "john dot smith at gmail dot com", "jsmith eighty two at yahoo dot co dot uk"
const SPOKEN =
  /\b[a-z0-9]{1,64}(?:(?:\s*(?:\bdot\b|\bunderscore\b|\bdash\b|\bhyphen\b|\bperiod\b|[._-])\s*|\s+)(?!at\b)[a-z0-9]{1,64}){0,7}\s+(?:at|at sign|@)\s+[a-z0-9]{1,63}(?:\s*(?:\bdot\b|\.|\bdash\b|-)\s*[a-z0-9]{1,63}){0,3}?\s*(?:\bdot\b|\.)\s*(?:com|net|org|edu|gov|io|co|us|uk|ca|info|biz|me|mil)\b/gi;

export function recognizeEmails(text: string, expected: boolean): Candidate[] {
  const found: Candidate[] = [];
  if (text.includes('@')) for (const m of text.matchAll(WRITTEN)) found.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length, priority: 5 });
  if (!/\bat\b/i.test(text)) return found;
  for (const m of text.matchAll(SPOKEN)) {
    let start = m.index;
    let value = m[0];
    // The local part is at most a few words: "my email is john smith at…" keeps "my email is".
    const words = value.split(/\s+/);
    const atIndex = words.findIndex((w) => w.toLowerCase() === 'at' || w === '@');
    const maxLocal = expected ? 6 : 3;
    if (atIndex > maxLocal) {
      const drop = words.slice(0, atIndex - maxLocal).join(' ').length + 1;
      start += drop;
      value = value.slice(drop);
    }
    const lead = /^(?:(?:my|email|e-mail|is|it's|its|address|yes|yeah|sure|it|the|and|um|uh|so|that's|ok|okay)\s+)+/i.exec(value);
    if (lead) start += lead[0].length;
    found.push({ type: 'EMAIL', start, end: m.index + m[0].length, priority: 5 });
  }
  return found;
}
