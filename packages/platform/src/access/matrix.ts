// The access matrix: which role may read or write which group of fields, and on what relationship.
import type { Role } from '../auth/identity';

/** Groups of fields (and the mutations that change them) that share one access rule. */
export const FieldGroup = {
  /** Patient MRN, name, birth date, sex. */
  Demographics: 'demographics',
  /** Patient phone and email. */
  Contact: 'contact',
  Insurance: 'insurance',
  /** Allergies, clinical notes, diagnoses, prescriptions and medications. */
  Clinical: 'clinical',
  /** Issuing and revoking prescriptions. */
  Prescribing: 'prescribing',
  /** Who is on a patient's care team. */
  CareTeam: 'careTeam',
  /** Registering new patients. */
  Registration: 'registration',
  /** Appointment time, status, practitioner, reason; booking and cancelling. */
  Appointments: 'appointments',
  /** Moving an appointment through check-in, completion or no-show. */
  AppointmentStatus: 'appointmentStatus',
  /** Practitioner names, roles and specialties. */
  Directory: 'directory',
  /** Free slots of practitioners. */
  Availability: 'availability',
  /** The access ledger. */
  AuditLedger: 'auditLedger',
  /** De-identified aggregates of the analytics graph. */
  Aggregates: 'aggregates',
} as const;
export type FieldGroup = (typeof FieldGroup)[keyof typeof FieldGroup];

/** The relationship between the caller and a record that a grant requires. */
export const Relation = {
  /** Any record of the caller's tenant. */
  Any: 'any',
  /** Records of patients whose care team includes the caller (doctors, nurses). */
  CareTeam: 'careTeam',
  /** The caller's own patient record and what belongs to it (patients). */
  Self: 'self',
  /** Appointments where the caller is the practitioner. */
  OwnSchedule: 'ownSchedule',
  /** Appointments booked through the caller's client (partners). */
  OwnBooking: 'ownBooking',
} as const;
export type Relation = (typeof Relation)[keyof typeof Relation];

export type Action = 'read' | 'write';
type Grant = Partial<Record<Action, readonly Relation[]>>;

const { Any, CareTeam, Self, OwnSchedule, OwnBooking } = Relation;
const R = (...relations: Relation[]): Grant => ({ read: relations });
const RW = (...relations: Relation[]): Grant => ({ read: relations, write: relations });
const W = (...relations: Relation[]): Grant => ({ write: relations });

/**
 * Who may see what. Admins manage but never read clinical content; nurses read clinical
 * data of their care team but do not write it or prescribe; receptionists book and keep
 * contact and insurance data but never see clinical data; patients read their own record
 * and book or cancel their own appointments; partners see the directory, availability and
 * only the bookings their client made; auditors read demographics and the ledger; analysts
 * use the analytics graph only.
 */
export const ACCESS_MATRIX: Readonly<Record<Role, Partial<Record<FieldGroup, Grant>>>> = {
  admin: {
    demographics: R(Any),
    contact: RW(Any),
    insurance: R(Any),
    careTeam: RW(Any),
    registration: W(Any),
    appointments: RW(Any),
    appointmentStatus: W(Any),
    directory: R(Any),
    availability: R(Any),
    auditLedger: R(Any),
  },
  doctor: {
    demographics: R(CareTeam),
    contact: R(CareTeam),
    clinical: RW(CareTeam),
    prescribing: W(CareTeam),
    careTeam: R(CareTeam),
    appointments: { read: [CareTeam, OwnSchedule], write: [OwnSchedule] },
    appointmentStatus: W(OwnSchedule),
    directory: R(Any),
    availability: R(Any),
  },
  nurse: {
    demographics: R(CareTeam),
    contact: R(CareTeam),
    clinical: R(CareTeam),
    careTeam: R(CareTeam),
    appointments: { read: [CareTeam, OwnSchedule], write: [OwnSchedule] },
    appointmentStatus: W(OwnSchedule),
    directory: R(Any),
    availability: R(Any),
  },
  receptionist: {
    demographics: R(Any),
    contact: RW(Any),
    insurance: RW(Any),
    careTeam: R(Any),
    registration: W(Any),
    appointments: RW(Any),
    appointmentStatus: W(Any),
    directory: R(Any),
    availability: R(Any),
  },
  patient: {
    demographics: R(Self),
    contact: RW(Self),
    insurance: R(Self),
    clinical: R(Self),
    careTeam: R(Self),
    appointments: RW(Self),
    directory: R(Any),
    availability: R(Any),
    auditLedger: R(Self),
  },
  partner: {
    appointments: RW(OwnBooking),
    directory: R(Any),
    availability: R(Any),
  },
  analyst: {
    aggregates: R(Any),
  },
  auditor: {
    demographics: R(Any),
    auditLedger: R(Any),
    directory: R(Any),
  },
};

/** The relations under which any of `roles` may perform `action` on `group` (empty: never). */
export function grantedRelations(roles: readonly Role[], action: Action, group: FieldGroup): Set<Relation> {
  const relations = new Set<Relation>();
  for (const role of roles) for (const relation of ACCESS_MATRIX[role][group]?.[action] ?? []) relations.add(relation);
  return relations;
}
