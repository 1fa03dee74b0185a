// The prescription subgraph's shield rules: every field points at a group of the access matrix.
import { FieldGroup, allowedOn, isId, roleMay, subjectOf, viaParent, type RuleTree } from '@caregraph/platform';
import type { Context } from './context';

const { Aggregates, Clinical, Prescribing } = FieldGroup;

export const permissions: RuleTree = {
  Query: {
    prescriptionCounts: roleMay('read', Aggregates),
    prescription: roleMay('read', Clinical),
  },
  Mutation: {
    // Whether the caller may prescribe for this patient is a row question: the repository asks the database.
    issuePrescription: roleMay('write', Prescribing),
    revokePrescription: allowedOn(
      'write',
      Prescribing,
      async (_parent, { id }: { id: string }, { loaders }: Context) => {
        const row = isId(id) ? await loaders.prescription.load(id.toLowerCase()) : null;
        return row && subjectOf(row);
      },
    ),
  },
  Prescription: allowedOn('read', Clinical, subjectOf),
  Patient: {
    id: viaParent,
    // Rows: which patients' prescriptions the caller may read is answered in SQL (FORBIDDEN per patient).
    prescriptions: roleMay('read', Clinical),
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
