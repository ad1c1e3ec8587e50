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
