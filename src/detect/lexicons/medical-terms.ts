// Conditions and medications a compliance reviewer masks as health information (HIPAA PHI).
// Lower case; multi-word terms are matched word by word.
export const MEDICAL_TERMS: readonly string[] = [
  // conditions
  'diabetes', 'diabetic', 'type 1 diabetes', 'type 2 diabetes', 'type one diabetes', 'type two diabetes', 'prediabetes',
  'hypertension', 'high blood pressure', 'low blood pressure', 'high cholesterol', 'asthma', 'copd', 'emphysema',
  'depression', 'depressed', 'anxiety', 'anxiety disorder', 'panic attacks', 'bipolar', 'bipolar disorder', 'schizophrenia', 'ptsd',
  'adhd', 'autism', 'ocd', 'anorexia', 'bulimia', 'eating disorder', 'insomnia', 'sleep apnea', 'dementia', 'alzheimer\'s',
  'alzheimers', 'parkinson\'s', 'parkinsons', 'epilepsy', 'seizures', 'migraines', 'migraine', 'stroke', 'heart attack',
  'heart disease', 'heart failure', 'atrial fibrillation', 'afib', 'arrhythmia', 'angina', 'hiv', 'aids', 'hepatitis',
  'hepatitis c', 'hepatitis b', 'tuberculosis', 'cancer', 'breast cancer', 'prostate cancer', 'lung cancer', 'leukemia',
  'lymphoma', 'melanoma', 'tumor', 'chemotherapy', 'chemo', 'radiation therapy', 'dialysis', 'kidney disease',
  'kidney failure', 'liver disease', 'cirrhosis', 'arthritis', 'rheumatoid arthritis', 'osteoporosis', 'lupus',
  'multiple sclerosis', 'crohn\'s', 'crohns', 'crohn\'s disease', 'colitis', 'ulcerative colitis', 'celiac disease',
  'hypothyroidism', 'hyperthyroidism', 'thyroid condition', 'pregnant', 'pregnancy', 'miscarriage', 'std', 'herpes',
  'chlamydia', 'gonorrhea', 'syphilis', 'covid', 'covid-19', 'pneumonia', 'bronchitis', 'addiction', 'alcoholism',
  'opioid use disorder', 'substance abuse', 'concussion', 'fibromyalgia', 'obesity', 'glaucoma', 'cataracts', 'hiv positive',
  // medications
  'metformin', 'insulin', 'lisinopril', 'amlodipine', 'losartan', 'atorvastatin', 'simvastatin', 'rosuvastatin', 'lipitor',
  'crestor', 'sertraline', 'zoloft', 'fluoxetine', 'prozac', 'escitalopram', 'lexapro', 'citalopram', 'paroxetine', 'paxil',
  'bupropion', 'wellbutrin', 'venlafaxine', 'effexor', 'duloxetine', 'cymbalta', 'trazodone', 'alprazolam', 'xanax',
  'lorazepam', 'ativan', 'clonazepam', 'klonopin', 'diazepam', 'valium', 'adderall', 'ritalin', 'methylphenidate',
  'lithium', 'quetiapine', 'seroquel', 'aripiprazole', 'abilify', 'risperidone', 'olanzapine', 'gabapentin', 'lyrica',
  'levothyroxine', 'synthroid', 'warfarin', 'coumadin', 'eliquis', 'apixaban', 'xarelto', 'clopidogrel', 'plavix',
  'metoprolol', 'atenolol', 'hydrochlorothiazide', 'furosemide', 'lasix', 'prednisone', 'albuterol', 'inhaler',
  'montelukast', 'singulair', 'omeprazole', 'prilosec', 'pantoprazole', 'ozempic', 'semaglutide', 'wegovy', 'mounjaro',
  'jardiance', 'januvia', 'glipizide', 'oxycodone', 'hydrocodone', 'vicodin', 'percocet', 'morphine', 'fentanyl',
  'tramadol', 'methadone', 'suboxone', 'buprenorphine', 'naloxone', 'truvada', 'prep', 'antiretrovirals', 'tamoxifen',
  'humira', 'enbrel', 'methotrexate', 'antidepressants', 'antidepressant', 'birth control', 'viagra', 'cialis',
  'amoxicillin', 'azithromycin', 'ciprofloxacin', 'doxycycline', 'ibuprofen', 'acetaminophen', 'tylenol', 'advil',
  'motrin', 'naproxen', 'aleve', 'aspirin', 'cetirizine', 'zyrtec', 'loratadine', 'claritin', 'famotidine', 'pepcid',
  'spironolactone', 'carvedilol', 'hydralazine', 'clonidine', 'propranolol', 'digoxin', 'nitroglycerin', 'entresto',
  'kidney stones', 'gout', 'anemia', 'sickle cell', 'cystic fibrosis', 'hemophilia', 'psoriasis', 'eczema', 'shingles',
  'sepsis', 'appendicitis', 'gallstones', 'ulcer', 'acid reflux', 'gerd', 'ibs', 'endometriosis', 'pcos', 'infertility',
  'ivf', 'vasectomy', 'hysterectomy', 'mastectomy', 'surgery', 'fracture', 'broken arm', 'broken leg', 'torn acl',
];

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
