// Synthetic names, substances, diagnoses and drugs for demo data (no real persons).
export const GIVEN_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Mara',
  'Nikhil',
  'Olga',
  'Pablo',
  'Qing',
  'Rosa',
  'Sami',
  'Tova',
  'Umar',
  'Vera',
  'Wen',
  'Yara',
] as const;

export const FAMILY_NAMES = [
  'Abbott',
  'Brandt',
  'Castillo',
  'Dimitrov',
  'Eklund',
  'Fischer',
  'Gallo',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Sato',
  'Tanaka',
  'Ueda',
  'Vasquez',
  'Weber',
  'Young',
] as const;

export const SPECIALTIES = ['General Practice', 'Cardiology', 'Pediatrics', 'Dermatology', 'Endocrinology'] as const;

export const SUBSTANCES = [
  { substance: 'Penicillin', reaction: 'Hives' },
  { substance: 'Peanuts', reaction: 'Anaphylaxis' },
  { substance: 'Latex', reaction: 'Contact dermatitis' },
  { substance: 'Ibuprofen', reaction: 'Bronchospasm' },
  { substance: 'Shellfish', reaction: 'Swelling' },
] as const;

export const DIAGNOSES = [
  { code: 'I10', display: 'Essential hypertension' },
  { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  { code: 'J06.9', display: 'Acute upper respiratory infection' },
  { code: 'M54.5', display: 'Low back pain' },
  { code: 'L20.9', display: 'Atopic dermatitis' },
  { code: 'J45.909', display: 'Asthma, uncomplicated' },
] as const;

export const DRUGS = [
  { drugCode: '197361', drugName: 'Amlodipine 5 mg tablet', dose: '5 mg', frequency: 'once daily' },
  { drugCode: '860975', drugName: 'Metformin 500 mg tablet', dose: '500 mg', frequency: 'twice daily' },
  { drugCode: '308182', drugName: 'Amoxicillin 500 mg capsule', dose: '500 mg', frequency: 'three times daily' },
  { drugCode: '197806', drugName: 'Ibuprofen 400 mg tablet', dose: '400 mg', frequency: 'as needed' },
  { drugCode: '745679', drugName: 'Albuterol inhaler', dose: '2 puffs', frequency: 'as needed' },
  { drugCode: '312961', drugName: 'Hydrocortisone 1% cream', dose: 'thin layer', frequency: 'twice daily' },
] as const;

export const VISIT_REASONS = [
  'Check-up',
  'Follow-up',
  'Blood pressure review',
  'Cough',
  'Back pain',
  'Rash',
  'Vaccination',
] as const;
