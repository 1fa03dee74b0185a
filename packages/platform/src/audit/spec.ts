// How a subgraph describes its audited records to the platform's recorder (resolvers never call it).
import type { AuditAction } from './events';

/** What the recorder needs to know of one record: its id and the patient it belongs to. */
export interface AuditedRecord {
  resourceId: string;
  patientId: string | null;
}

export interface AuditSpec {
  /** GraphQL type → how to read a resolved object of it; every field resolved on such an object is recorded. */
  records: Record<string, (parent: any) => AuditedRecord | null>;
  /** Mutation field → the action it performs on the record it returns (or names in its arguments). */
  mutations: Record<string, AuditAction>;
  /**
   * Fields that read the ledger itself (`Query.accessEvents` …): each such read is recorded once
   * per request as a read of the `AccessLog` resource, never per returned event (no recursion).
   */
  ledgerReads?: Record<string, (parent: any, args: any) => AuditedRecord>;
}
