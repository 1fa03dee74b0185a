// The appointment subgraph's shield rules: every field points at a group of the access matrix.
import {
  FieldGroup,
  allowedOn,
  isId,
  roleMay,
  subjectOf,
  viaParent,
  type RuleTree,
  type Subject,
} from '@caregraph/platform';
import type { Context } from './context';

const { Aggregates, Appointments, AppointmentStatus, Availability, Clinical } = FieldGroup;

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
    clinicalNote: allowedOn('read', Clinical, subjectOf),
  },
  Patient: {
    id: viaParent,
    // Which patients' appointments the caller may read is a row question: the repository answers it in SQL (FORBIDDEN per patient).
    appointments: roleMay('read', Appointments),
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
