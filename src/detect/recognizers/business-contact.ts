import type { DigitRun } from '../digit-runs.js';
import type { Candidate } from './candidate.js';

// "you can call us at …", "our branch on main street", "I called your pharmacy at …": a company's
// own public number or address identifies no customer, so it stays readable (eval/README.md,
// independent-set decisions). Only the sentence before the value is read. "our", "us" and "we"
// mark the business only when the agent says them: a caller's "send it to us at …" is their home.
const SAID_OF_BUSINESS = /\b(?:(?:the|your|their|that) (?:branch|office|store|pharmacy|clinic|hospital|bank|main line|customer service|support line|help ?line|front desk|call center|location))\b[^.?!]{0,40}$/i;
const AGENT_OWN =
  /\b(?:(?:call|reach|text|visit|find|email|write to) us(?: back)?(?: at| on)?|our (?:[a-z]+ ){0,2}(?:number|line|address|office|branch|store|pharmacy|clinic|location|hours)(?: is)?(?: at| on)?|we(?:'re| are) (?:located )?(?:at|on))[\s,:]*$/i;
// NANP toll-free area codes (800, 833, 844, 855, 866, 877, 888): never a caller's own line.
const TOLL_FREE = /^1?8(?:00|33|44|55|66|77|88)/;

/** Drops phone numbers and addresses that belong to a business, unless the agent asked for one. */
export function dropBusinessContacts(
  text: string,
  speaker: 'agent' | 'caller',
  candidates: Candidate[],
  runs: readonly DigitRun[],
  asked: (type: 'PHONE_NUMBER' | 'ADDRESS') => boolean,
): Candidate[] {
  return candidates.filter((c) => {
    if (c.type !== 'PHONE_NUMBER' && c.type !== 'ADDRESS') return true;
    if (asked(c.type)) return true;
    const before = text.slice(Math.max(0, c.start - 80), c.start);
    if (SAID_OF_BUSINESS.test(before) || (speaker === 'agent' && AGENT_OWN.test(before))) return false;
    if (c.type === 'PHONE_NUMBER') {
      const run = runs.find((r) => r.start === c.start);
      if (run && run.digits.length >= 10 && TOLL_FREE.test(run.digits)) return false;
    }
    return true;
  });
}
