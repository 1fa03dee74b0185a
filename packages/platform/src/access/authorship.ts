// Who may author clinical content, by the practitioner role the tenant recorded (not the token's claim).
import { forbidden } from '../errors';

/** What a practitioner writes under their own name. */
export const Authored = { ClinicalNote: 'clinicalNote', Prescription: 'prescription' } as const;
export type Authored = (typeof Authored)[keyof typeof Authored];

/** Recorded practitioner roles that may author each kind, and the refusal for everyone else. */
const AUTHORS: Record<Authored, { roles: readonly string[]; refusal: string }> = {
  clinicalNote: { roles: ['DOCTOR', 'NURSE'], refusal: 'Only practitioners can author clinical notes' },
  prescription: { roles: ['DOCTOR'], refusal: 'Only doctors can issue prescriptions' },
};

/** Throws FORBIDDEN unless `recordedRole` (the caller's practitioner role in the tenant, if any) may author `what`. */
export function mayAuthor(what: Authored, recordedRole: string | undefined): void {
  const { roles, refusal } = AUTHORS[what];
  if (!recordedRole || !roles.includes(recordedRole)) throw forbidden(refusal);
}
