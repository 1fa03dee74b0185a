// What the audit subgraph's own ledger records: reads of the ledger (once per request, never per event).
import type { AuditSpec } from '@caregraph/platform';

export const audit: AuditSpec = {
  records: {},
  mutations: {},
  ledgerReads: {
    'Query.accessEvents': (_parent, args: { filter?: { patientId?: string | null } | null }) => ({
      resourceId: args.filter?.patientId ?? 'tenant',
      patientId: args.filter?.patientId ?? null,
    }),
    'Patient.accessLog': (patient: { id: string }) => ({ resourceId: patient.id, patientId: patient.id }),
  },
};
