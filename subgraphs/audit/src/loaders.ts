// Per-request DataLoaders of the audit subgraph: one SQL statement per batch, never per row.
import { loaderPerArgs, patientPageLoader, rowLoader } from '@caregraph/platform';
import type { AuditRepository } from './repository';
import type { SeqPage } from './validation';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(repo: AuditRepository) {
  return {
    accessEvent: rowLoader(repo.eventsByIds),
    /** Per distinct page arguments: every patient's `accessLog(...)` in one statement. */
    patientAccessLog: loaderPerArgs((page: SeqPage) =>
      patientPageLoader((patientIds) => repo.eventsByPatients(patientIds, page)),
    ),
  };
}
