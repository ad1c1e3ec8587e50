// JSGF grammars (W3C JSpeech Grammar Format, as PocketSphinx reads it) for the turns where the
// agent asked for one kind of value. A closed vocabulary is what lifts digit accuracy on
// band-limited telephone audio, where the general language model mistakes "four one one" for
// "for juan juan". The grammars still take the carrier phrases callers wrap values in ("my card
// number is …", "it expires …"), so the live detector sees a natural phrase with its cue.
// Every word must be in the pronunciation dictionary (cmudict-en-us); a test checks it.

const alternatives = (phrases: readonly string[]): string => phrases.join(' | ');

const DIGITS = ['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const UNIT_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const DAY_ORDINALS = [
  ...UNIT_ORDINALS, 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth',
  'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'thirtieth',
];
const FILLERS = ['um', 'uh', 'umm', 'hmm'];

/** Lead-ins for the values the agent flows ask for (card, expiry, code, SSN, birth date, account, phone). */
const NUMBER_CARRIERS = [
  "it's", 'it is', "that's", 'that is', 'sure', 'okay', 'yes', 'yeah', 'so',
  'my card number is', 'the card number is', 'my card is', 'the number is', 'my number is',
  'the security code is', 'my security code is', 'the code is', 'the c v v is', 'the c v c is',
  'it expires', 'it expires on', 'it expires in', 'the expiration date is', 'the expiration is', 'the expiry is', 'expiration',
  'my social security number is', 'my social is', 'my social security is', 'the last four are',
  'my date of birth is', 'my birthday is', 'i was born on', 'i was born in',
  'my account number is', 'the account number is', 'the routing number is', 'my pin is', 'the pin is',
  'my phone number is', 'you can reach me at', 'my medical record number is', 'my member id is',
];
/**
 * Everyday words, none sounding like a number word, that stand in for whatever lead-in the caller
 * used: without them a phrase the carriers above miss has only number words to turn into
 * ("the security code is" heard as "thirty and eight"), and those would be taken for the value.
 */
const LEAD_WORDS = [
  'a', 'an', 'the', 'my', 'your', 'our', 'it', "it's", 'is', 'was', 'are', 'be', 'that', "that's", 'this', 'here', 'there',
  'i', "i'm", 'me', 'we', 'you', 'they', 'he', 'she', 'his', 'her', 'have', 'has', 'got', 'let', 'see', 'say', 'said',
  'think', 'know', 'just', 'well', 'so', 'okay', 'sure', 'yes', 'yeah', 'please', 'now', 'again', 'number', 'numbers',
  'card', 'credit', 'debit', 'visa', 'code', 'security', 'social', 'date', 'birth', 'born', 'birthday', 'expires',
  'expiration', 'expiry', 'account', 'routing', 'phone', 'pin', 'last', 'digits', 'back', 'on', 'in', 'at', 'by',
  'with', 'from', 'up', 'out', 'about', 'what', 'which', 'name', 'year', 'month', 'day', 'like', 'um', 'uh',
];
/** What a caller says instead of a value; heard as words, so the agent can answer rather than mishear digits. */
const NUMBER_ESCAPES = [
  "i don't know", "i don't have it", "i don't have one", 'hold on', 'wait', 'sorry', 'what',
  'can you repeat that', 'say that again', 'no', 'cancel', 'never mind', 'i want to talk to a person',
];

/**
 * Digit strings read digit by digit or in pairs ("four one one …", "oh nine twenty eight",
 * "double five", "nineteen eighty", "one hundred and five"), groups joined by "slash" or "dash",
 * and spoken dates ("march third nineteen eighty", "the third of march"). Ordinals only occur in
 * dates: anywhere else they would compete with every digit ("six" / "fifth").
 */
export const DIGITS_GRAMMAR = [
  '#JSGF V1.0;',
  'grammar digits;',
  'public <utterance> = [<filler>] [<carrier> | <lead>] (<numbers> | <date>) [<filler>] | <escape>;',
  '<lead> = <lead_word>+;',
  '<numbers> = <number> ([slash | dash | and] <number>)*;',
  '<number> = (<digit> | double <digit> | triple <digit> | <teen> | <ten> | hundred | thousand)+;',
  '<date> = <month> [the] <day> [<number>] | [the] <day> of <month> [<number>] | <month> <number>;',
  '<day> = <day_ordinal> | twenty <unit_ordinal> | thirty first;',
  `<digit> = ${alternatives(DIGITS)};`,
  `<teen> = ${alternatives(TEENS)};`,
  `<ten> = ${alternatives(TENS)};`,
  `<month> = ${alternatives(MONTHS)};`,
  `<unit_ordinal> = ${alternatives(UNIT_ORDINALS)};`,
  `<day_ordinal> = ${alternatives(DAY_ORDINALS)};`,
  `<filler> = ${alternatives(FILLERS)};`,
  `<carrier> = ${alternatives(NUMBER_CARRIERS)};`,
  `<escape> = ${alternatives(NUMBER_ESCAPES)};`,
  `<lead_word> = ${alternatives(LEAD_WORDS)};`,
].join('\n');

const YES = [
  'yes', 'yeah', 'yep', 'yup', 'sure', 'correct', 'right', 'okay', 'ok', 'please', 'go ahead', 'do it',
  "that's right", "that's correct", 'that is correct', 'absolutely', 'of course', 'confirm', 'uh-huh', 'yes please',
];
const NO = [
  'no', 'nope', 'nah', 'cancel', 'stop', 'wrong', "that's wrong", "that's not right", 'incorrect',
  'not right', 'no thanks', 'no thank you', "don't", 'never mind', 'wait',
];
const YES_NO_ESCAPES = ['sorry', 'what', 'can you repeat that', 'say that again', 'i want to talk to a person'];

export const YES_NO_GRAMMAR = [
  '#JSGF V1.0;',
  'grammar yes_no;',
  'public <utterance> = [<filler>] (<answer> [<answer>] [<tail>] | <escape>);',
  `<answer> = ${alternatives([...YES, ...NO])};`,
  '<tail> = thanks | thank you | it is | it is correct | it is not;',
  `<filler> = ${alternatives(FILLERS)};`,
  `<escape> = ${alternatives(YES_NO_ESCAPES)};`,
].join('\n');

/** Every word a grammar can produce, for the dictionary check. */
export function grammarWords(grammar: string): string[] {
  const words = new Set<string>();
  for (const line of grammar.split('\n')) {
    const body = line.split('=').slice(1).join('=');
    for (const token of body.replace(/<[^>]*>/g, ' ').split(/[\s|()[\]*+;]+/)) if (token) words.add(token);
  }
  return [...words];
}
