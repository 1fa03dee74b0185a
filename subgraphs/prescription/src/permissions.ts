// The prescription subgraph's shield rules: every field points at a group of the access matrix.
import { FieldGroup, allowedOn, isId, roleMay, viaParent, type RuleTree } from '@caregraph/platform';
import type { Context } from './context';
import type { PrescriptionRow } from './db/schema';

const { Aggregates, Clinical, Prescribing } = FieldGroup;

export const permissions: RuleTree = {
  Query: {
    prescriptionCounts: roleMay('read', Aggregates),
    prescription: roleMay('read', Clinical),
  },
  Mutation: {
    issuePrescription: allowedOn('write', Prescribing, (_parent, { input }) => ({ patientId: input.patientId })),
    revokePrescription: allowedOn(
      'write',
      Prescribing,
      async (_parent, { id }: { id: string }, { loaders }: Context) => {
        const row = isId(id) ? await loaders.prescription.load(id.toLowerCase()) : null;
        return row && { patientId: row.patientId };
      },
    ),
  },
  Prescription: allowedOn('read', Clinical, (row: PrescriptionRow) => ({ patientId: row.patientId })),
  Patient: {
    id: viaParent,
    prescriptions: allowedOn('read', Clinical, (patient: { id: string }) => ({ patientId: patient.id })),
  },
  // Rows are scoped in SQL to the patients whose clinical data the caller may read.
  Appointment: { id: viaParent, prescriptions: roleMay('read', Clinical) },
  Practitioner: viaParent,
  Diagnosis: viaParent,
  Medication: viaParent,
  PrescriptionConnection: viaParent,
  PrescriptionEdge: viaParent,
  PageInfo: viaParent,
  DrugCount: viaParent,
};
