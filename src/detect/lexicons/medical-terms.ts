// Words around a condition or medication name that belong to it (the names themselves are in
// medical-conditions.ts and medications.ts).

/** Words that widen a term: "chronic kidney disease", "insulin glargine", "generalized anxiety disorder". */
export const MEDICAL_MODIFIERS_BEFORE = new Set([
  'chronic', 'acute', 'generalized', 'severe', 'mild', 'moderate', 'major', 'clinical', 'gestational', 'juvenile',
  'early', 'late', 'stage', 'metastatic', 'postpartum', 'seasonal', 'persistent', 'congestive', 'coronary', 'diabetic',
]);
export const MEDICAL_MODIFIERS_AFTER = new Set([
  'glargine', 'lispro', 'aspart', 'detemir', 'degludec', 'xr', 'xl', 'er', 'sr', 'cr', 'hcl', 'hydrochloride', 'sodium',
  'succinate', 'tartrate', 'inhaler', 'injections', 'injection', 'pump', 'disease', 'disorder', 'syndrome', 'treatment',
  'treatments',
]);
