// Word lists for names, streets, email providers, conditions and medications.
import type { Rng } from './prng.js';
import { numberWords, speakDigits, plainStyle } from './spoken.js';

export const FIRST = ['james', 'maria', 'david', 'linda', 'robert', 'patricia', 'michael', 'jennifer', 'william', 'elizabeth',
  'carlos', 'aisha', 'wei', 'priya', 'olga', 'tomasz', 'fatima', 'kevin', 'grace', 'dmitri', 'keisha', 'hannah', 'luis', 'nguyen',
  'samantha', 'ahmed', 'rosa', 'brian', 'chloe', 'marcus'];
export const LAST = ['smith', 'johnson', 'garcia', 'nguyen', 'patel', 'okafor', 'kowalski', 'oconnor', 'rodriguez', 'chen',
  'williams', 'brown', 'haddad', 'novak', 'fischer', 'moreno', 'tanaka', 'baker', 'adeyemi', 'lindqvist', 'murphy', 'delgado'];
const STREETS = ['maple', 'oak', 'elm', 'washington', 'lincoln', 'cedar', 'park', 'lakeview', 'sunset', 'river', 'highland', 'church'];
const SUFFIX = ['street', 'avenue', 'road', 'drive', 'lane', 'court', 'boulevard', 'way'];
const CITIES = ['springfield', 'riverside', 'fairview', 'madison', 'georgetown', 'salem', 'franklin', 'clinton', 'arlington', 'dayton'];
const PROVIDERS = ['gmail', 'yahoo', 'outlook', 'hotmail', 'aol', 'icloud', 'comcast'];
export const CONDITIONS = ['type two diabetes', 'hypertension', 'asthma', 'depression', 'atrial fibrillation', 'COPD', 'hypothyroidism',
  'chronic kidney disease', 'epilepsy', 'high blood pressure', 'generalized anxiety disorder', 'rheumatoid arthritis', 'HIV', 'hepatitis C', 'migraines'];
export const MEDICATIONS = ['metformin', 'lisinopril', 'atorvastatin', 'levothyroxine', 'sertraline', 'albuterol', 'warfarin', 'amlodipine',
  'insulin glargine', 'gabapentin', 'omeprazole', 'prednisone', 'eliquis', 'losartan', 'fluoxetine', 'adderall'];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function personName(rng: Rng, capitalized: boolean): string {
  const f = rng.pick(FIRST);
  const l = rng.pick(LAST);
  const name = rng.chance(0.3) ? l : `${f} ${l}`;
  return capitalized ? name.split(' ').map(cap).join(' ') : name;
}

export function spelled(word: string): string {
  return word.toUpperCase().split('').join(' ');
}

export function address(rng: Rng, capitalized: boolean): string {
  const house = rng.int(2, 9899);
  const spokenHouse = rng.chance(0.5) ? String(house) : numberWords(house, rng);
  const street = `${rng.pick(STREETS)} ${rng.pick(SUFFIX)}`;
  const apt = rng.chance(0.3) ? `, apartment ${rng.int(1, 40)}${rng.pick(['', 'b', 'c'])}` : '';
  const zip = String(rng.int(10001, 99950));
  const city = rng.chance(0.6) ? `, ${rng.pick(CITIES)}${rng.chance(0.5) ? ` ${rng.chance(0.5) ? zip : speakDigits(zip, plainStyle, rng)}` : ''}` : '';
  const s = `${spokenHouse} ${street}${apt}${city}`;
  return capitalized ? s.replace(/\b([a-z])/g, (m) => m.toUpperCase()) : s;
}

export function email(rng: Rng): string {
  const f = rng.pick(FIRST);
  const l = rng.pick(LAST);
  const local = rng.pick([`${f}.${l}`, `${f[0] ?? 'j'}${l}`, `${f}${rng.int(1, 99)}`, `${l}.${f}`]);
  const domain = `${rng.pick(PROVIDERS)}.${rng.pick(['com', 'com', 'net'])}`;
  if (rng.chance(0.35)) return `${local}@${domain}`;
  const spokenLocal = local.replace(/\./g, ' dot ').replace(/(\d+)/g, (m) => speakDigits(m, plainStyle, rng));
  return `${spokenLocal} at ${domain.replace('.', ' dot ')}`;
}
