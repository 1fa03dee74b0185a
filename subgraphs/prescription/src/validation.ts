// Input rules specific to prescriptions (ICD-10 and drug codes, medication lines, day ranges); generic ones live in the platform.
import { badInput, parseId, parseText } from '@caregraph/platform';
import type { IssuePrescriptionInput, MedicationInput } from './__generated__/resolvers-types';
import type { NewMedication, NewPrescription } from './repository';

const ICD10 = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;
const DRUG_CODE = /^[0-9A-Za-z.-]{1,20}$/;
const MAX_MEDICATIONS = 20;
const MAX_DAYS = 365;

function parseDiagnosisCode(field: string, value: string): string {
  const code = value.trim();
  if (!ICD10.test(code)) throw badInput(field, 'not an ICD-10 code');
  return code;
}

function parseMedication(field: string, input: MedicationInput): NewMedication {
  const drugCode = input.drugCode.trim();
  if (!DRUG_CODE.test(drugCode)) throw badInput(`${field}.drugCode`, 'not a drug code');
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_DAYS) {
    throw badInput(`${field}.days`, `must be between 1 and ${MAX_DAYS}`);
  }
  return {
    drugCode,
    drugName: parseText(`${field}.drugName`, input.drugName),
    dose: parseText(`${field}.dose`, input.dose),
    frequency: parseText(`${field}.frequency`, input.frequency),
    days: input.days,
  };
}

function parseMedications(field: string, inputs: readonly MedicationInput[]): NewMedication[] {
  if (inputs.length === 0) throw badInput(field, 'at least one medication is required');
  if (inputs.length > MAX_MEDICATIONS) throw badInput(field, `at most ${MAX_MEDICATIONS} medications`);
  return inputs.map((input, index) => parseMedication(`${field}[${index}]`, input));
}

/** The whole `issuePrescription` input, validated and trimmed, naming the bad field on failure. */
export function parseIssueInput(input: IssuePrescriptionInput): NewPrescription {
  return {
    patientId: parseId('input.patientId', input.patientId),
    appointmentId: input.appointmentId == null ? null : parseId('input.appointmentId', input.appointmentId),
    diagnosisCode: parseDiagnosisCode('input.diagnosis.code', input.diagnosis.code),
    diagnosisDisplay: parseText('input.diagnosis.display', input.diagnosis.display),
    medications: parseMedications('input.medications', input.medications),
  };
}
