// The patient subgraph's shield rules: every field points at a group of the access matrix.
import { FieldGroup, allowedOn, anyCaller, isId, roleMay, viaParent, type RuleTree } from '@caregraph/platform';
import type { Context } from './context';
import type { PatientRecord } from './db/schema';

const { Aggregates, Demographics, Contact, Insurance, Clinical, CareTeam, Registration, Directory } = FieldGroup;

/** The subject of a patient record: the patient itself, with the facts read with its row. */
const subjectOf = (patient: PatientRecord) => ({ patientId: patient.id, ...patient.access });

/** A field of a patient record the caller has in hand. */
const ofPatient = (group: FieldGroup) => allowedOn('read', group, subjectOf);

/** A mutation on the patient named by `patientId`; a patient that does not exist (here) is left to NOT_FOUND. */
const onPatient = (group: FieldGroup) =>
  allowedOn('write', group, async (_parent, args: { patientId: string }, { loaders }: Context) => {
    const patient = isId(args.patientId) ? await loaders.patient.load(args.patientId.toLowerCase()) : null;
    return patient && subjectOf(patient);
  });

export const permissions: RuleTree = {
  Query: {
    me: anyCaller,
    patientCounts: roleMay('read', Aggregates),
    patient: roleMay('read', Demographics),
    patients: roleMay('read', Demographics),
    practitioner: roleMay('read', Directory),
    practitioners: roleMay('read', Directory),
  },
  Mutation: {
    registerPatient: roleMay('write', Registration),
    updatePatientContact: onPatient(Contact),
    recordAllergy: onPatient(Clinical),
    assignCareTeam: onPatient(CareTeam),
  },
  Patient: {
    id: viaParent,
    mrn: ofPatient(Demographics),
    name: ofPatient(Demographics),
    birthDate: ofPatient(Demographics),
    sex: ofPatient(Demographics),
    phone: ofPatient(Contact),
    email: ofPatient(Contact),
    insuranceNumber: ofPatient(Insurance),
    allergies: ofPatient(Clinical),
    careTeam: ofPatient(CareTeam),
  },
  Practitioner: roleMay('read', Directory),
  Viewer: anyCaller,
  HumanName: viaParent,
  Allergy: viaParent,
  PatientConnection: viaParent,
  PatientEdge: viaParent,
  PractitionerConnection: viaParent,
  PractitionerEdge: viaParent,
  PageInfo: viaParent,
  PatientCount: viaParent,
};
