// Words of spoken numbers as speech recognition writes them.

export const UNITS: Readonly<Record<string, string>> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  niner: '9',
};

/** Written for a digit only inside a run of digits ("four one one for"). */
export const HOMOPHONES: Readonly<Record<string, string>> = {
  for: '4', fore: '4', to: '2', too: '2', won: '1', ate: '8', oh: '0', o: '0',
};

export const TEENS: Readonly<Record<string, string>> = {
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15',
  sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
};

export const TENS: Readonly<Record<string, string>> = {
  twenty: '2', thirty: '3', forty: '4', fourty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9',
};

export const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };

/** Skipped inside a digit run. */
export const FILLERS = new Set(['um', 'uh', 'er', 'erm', 'ah', 'hmm', 'mm', 'mhm', 'hm', 'like', 'uhh', 'umm']);

/** Separators said or written inside formatted numbers. */
export const SEPARATOR_WORDS = new Set(['dash', 'hyphen', 'slash', 'space']);
export const SEPARATOR_PUNCT = new Set([',', '-', '.', '/', '(', ')', '+', '–', '—', ';']);

/** Phrases with which a caller abandons what they said and starts the number again. */
export const CORRECTIONS: readonly (readonly string[])[] = [
  ['let', 'me', 'start', 'again'],
  ['let', 'me', 'start', 'over'],
  ['let', 'me', 'try', 'again'],
  ['let', 'me', 'try', 'that', 'again'],
  ['start', 'again'],
  ['start', 'over'],
  ['scratch', 'that'],
  ['hang', 'on'],
  ['hold', 'on'],
  ['my', 'mistake'],
  ['that', 'was', 'wrong'],
  ['no', 'wait'],
  ['i', 'mean'],
  ['sorry'],
  ['wait'],
  ['actually'],
  ['oops'],
  ['no'],
];

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, april: 4, apr: 4, may: 5, june: 6, july: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

export const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

/** Agent turns that only acknowledge: a digit run may go on across them. */
export const BACKCHANNEL = /^\s*(?:(?:mm+[- ]?hmm+|mhm|uh[- ]?huh|okay|ok|ok(?:ay)? go on|go on|go ahead|yes|yeah|yep|right|got it|sure|great|continue|and|alright|all right|keep going|i'm listening)[\s,.!…]*)+$/i;
