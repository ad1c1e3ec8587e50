import { TOKEN_IN_TEXT } from '../token-words.js';

/** An answer a caller can give: its name and the phrases that mean it. */
export interface AnswerOption {
  name: string;
  phrases: readonly string[];
}

/** Yes and no as callers say them; the negated phrases outrank the words inside them. */
export const CONFIRM_OPTIONS: readonly AnswerOption[] = [
  {
    name: 'yes',
    phrases: ['yes', 'yeah', 'yep', 'yup', 'sure', 'correct', 'right', "that's right", 'go ahead', 'please do', 'ok', 'okay', 'absolutely', 'of course', 'do it', 'affirmative'],
  },
  {
    name: 'no',
    phrases: ['no', 'nope', 'nah', 'not', "don't", 'do not', 'wrong', 'incorrect', 'cancel', 'stop', 'negative', 'not right', "that's not right", 'not correct', "don't do it", 'no thanks'],
  },
];

function normalize(text: string): string[] {
  return text
    .replace(TOKEN_IN_TEXT, ' ')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

interface Hit {
  option: string;
  start: number;
  end: number;
}

/**
 * The one option the caller's words name, or undefined when none or more than one does (the flow
 * asks again rather than guess). Matching is on whole words; a phrase inside a longer matched
 * phrase ("right" in "not right") does not count.
 */
export function matchAnswer(text: string, options: readonly AnswerOption[]): string | undefined {
  const words = normalize(text);
  const hits: Hit[] = [];
  for (const option of options) {
    for (const phrase of [option.name.replace(/_/g, ' '), ...option.phrases]) {
      const target = normalize(phrase);
      if (target.length === 0) continue;
      for (let i = 0; i + target.length <= words.length; i += 1) {
        if (target.every((w, k) => words[i + k] === w)) hits.push({ option: option.name, start: i, end: i + target.length });
      }
    }
  }
  const outer = hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  const named = new Set(outer.map((h) => h.option));
  return named.size === 1 ? [...named][0] : undefined;
}
