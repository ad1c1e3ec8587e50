// USPS street suffixes (Publication 28, appendix C1), common forms, and unit designators.
export const STREET_SUFFIXES = new Set([
  'street', 'st', 'avenue', 'ave', 'av', 'road', 'rd', 'boulevard', 'blvd', 'lane', 'ln', 'drive', 'dr', 'court', 'ct',
  'way', 'place', 'pl', 'terrace', 'ter', 'circle', 'cir', 'highway', 'hwy', 'parkway', 'pkwy', 'square', 'sq', 'trail',
  'trl', 'plaza', 'alley', 'crescent', 'loop', 'pike', 'row', 'run', 'path', 'walk', 'close', 'expressway', 'freeway',
  'turnpike', 'route', 'broadway',
]);

export const UNIT_WORDS = new Set(['apartment', 'apt', 'unit', 'suite', 'ste', 'floor', 'building', 'bldg', 'room', 'lot', '#']);

export const STATE_CODES = new Set([
  'al', 'ak', 'az', 'ar', 'ca', 'co', 'ct', 'de', 'fl', 'ga', 'hi', 'id', 'il', 'in', 'ia', 'ks', 'ky', 'la', 'me', 'md',
  'ma', 'mi', 'mn', 'ms', 'mo', 'mt', 'ne', 'nv', 'nh', 'nj', 'nm', 'ny', 'nc', 'nd', 'oh', 'ok', 'or', 'pa', 'ri', 'sc',
  'sd', 'tn', 'tx', 'ut', 'vt', 'va', 'wa', 'wv', 'wi', 'wy', 'dc',
]);

/** US state and territory names, lower case, for addresses said in full ("austin texas"). */
export const STATE_NAMES: readonly string[] = [
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia',
  'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland',
  'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'new hampshire',
  'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'ohio', 'oklahoma', 'oregon', 'pennsylvania',
  'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas', 'utah', 'vermont', 'virginia', 'washington',
  'west virginia', 'wisconsin', 'wyoming', 'district of columbia', 'd c', 'puerto rico', 'guam',
];
