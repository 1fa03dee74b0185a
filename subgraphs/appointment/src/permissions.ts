// The appointment subgraph's shield rules: every field points at a group of the access matrix.
import { FieldGroup, allowedOn, isId, roleMay, viaParent, type RuleTree, type Subject } from '@caregraph/platform';
import type { Context } from './context';
import type { AppointmentRow } from './db/schema';

const { Aggregates, Appointments, AppointmentStatus, Availability, Clinical } = FieldGroup;

const subjectOf = (row: AppointmentRow): Subject => ({
  patientId: row.patientId,
  practitionerId: row.practitionerId,
  bookedByClient: row.bookedByClient,
});

/** The appointment named by an argument; one that does not exist (here) is left to NOT_FOUND. */
const appointmentArg =
  (name: 'id' | 'appointmentId') =>
  async (_parent: unknown, args: Record<string, string>, { loaders }: Context): Promise<Subject | null> => {
    const id = args[name]!;
    const row = isId(id) ? await loaders.appointment.load(id.toLowerCase()) : null;
    return row && subjectOf(row);
  };

export const permissions: RuleTree = {
  Query: {
    appointmentVolumes: roleMay('read', Aggregates),
    noShowRates: roleMay('read', Aggregates),
    appointment: roleMay('read', Appointments),
    appointments: roleMay('read', Appointments),
    availability: roleMay('read', Availability),
  },
  Mutation: {
    bookAppointment: allowedOn('write', Appointments, (_parent, { input }, { identity }: Context) => ({
      patientId: input.patientId,
      practitionerId: input.practitionerId,
      bookedByClient: identity.clientId ?? null,
    })),
    cancelAppointment: allowedOn('write', Appointments, appointmentArg('id')),
    updateAppointmentStatus: allowedOn('write', AppointmentStatus, appointmentArg('id')),
    recordClinicalNote: allowedOn('write', Clinical, appointmentArg('appointmentId')),
  },
  Appointment: {
    '*': allowedOn('read', Appointments, subjectOf),
    clinicalNote: allowedOn('read', Clinical, (row: AppointmentRow) => ({ patientId: row.patientId })),
  },
  Patient: {
    id: viaParent,
    appointments: allowedOn('read', Appointments, (patient: { id: string }) => ({ patientId: patient.id })),
  },
  Practitioner: {
    id: viaParent,
    schedule: allowedOn('read', Appointments, (practitioner: { id: string }) => ({ practitionerId: practitioner.id })),
  },
  ClinicalNote: viaParent,
  Slot: viaParent,
  AppointmentConnection: viaParent,
  AppointmentEdge: viaParent,
  PageInfo: viaParent,
  AppointmentVolume: viaParent,
  NoShowRate: viaParent,
};
