// Every SQL statement the audit subgraph's requests run, scoped to the caller's tenant (and RLS beneath).
import { and, asc, desc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import {
  FieldGroup,
  RowKind,
  guardedTable,
  pagesByPatient,
  readableRows,
  recordsByIds,
  requestRunner,
  type Database,
  type RowPolicy,
} from '@caregraph/platform';
import { accessEvent, checkpoint, type AccessEventRow } from './db/schema';
import { eventKeys } from './interface';
import { createChainCheck, type IntegrityReport } from './integrity';
import { purgeLock } from './locks';
import type { EventFilter, SeqPage } from './validation';

/** Events read per statement while verifying the chain. */
const VERIFY_BATCH = 2000;

const before = (page: SeqPage) => (page.afterSeq === null ? undefined : lt(accessEvent.seq, page.afterSeq));

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function createAuditRepository(database: Database, policy: RowPolicy) {
  const { tenantId } = policy.identity;
  const run = requestRunner(database, 'audit', policy);
  /** Access events as this caller may read them (the access matrix in SQL). */
  const events = guardedTable(policy, accessEvent, RowKind.Ledger, { patientId: accessEvent.patientId });
  const { inTenant, readable, withFacts } = events;

  return {
    /** The events with these ids: readable ones whole, others of the tenant as their keys only. */
    eventsByIds: (ids: readonly string[]) => run((tx) => recordsByIds(tx, events, ids, eventKeys)),

    /** Newest first (seq descending), `page.first + 1` rows. */
    listEvents: (filter: EventFilter, page: SeqPage) => {
      const filters: Array<SQL | undefined> = [inTenant, readable, before(page)];
      if (filter.patientId) filters.push(eq(accessEvent.patientId, filter.patientId));
      if (filter.actorId) filters.push(eq(accessEvent.actorId, filter.actorId));
      if (filter.action) filters.push(eq(accessEvent.action, filter.action));
      if (filter.from) filters.push(gte(accessEvent.occurredAt, filter.from));
      if (filter.to) filters.push(lt(accessEvent.occurredAt, filter.to));
      return run((tx) =>
        tx
          .select(withFacts)
          .from(accessEvent)
          .where(and(...filters))
          .orderBy(desc(accessEvent.seq))
          .limit(page.first + 1)
          .then(readableRows),
      );
    },

    /** Per patient, the newest `page.first + 1` events, or null when the caller may not read that patient's log. */
    eventsByPatients: (patientIds: readonly string[], page: SeqPage) =>
      run((tx) =>
        pagesByPatient(tx, events, patientIds, {
          group: FieldGroup.AuditLedger,
          where: before(page),
          orderBy: [desc(accessEvent.seq)],
          limit: page.first + 1,
        }),
      ),

    /**
     * Walks the tenant's chain from its newest checkpoint (or genesis), in batches, holding the
     * purge lock shared so no purge cuts the ledger under the walk (appends go on meanwhile).
     */
    verifyLedger: (checkpointKey: string): Promise<IntegrityReport> =>
      run(async (tx) => {
        await tx.execute(purgeLock(tenantId, 'shared'));
        const [start] = await tx
          .select()
          .from(checkpoint)
          .where(eq(checkpoint.tenantId, tenantId))
          .orderBy(desc(checkpoint.seq))
          .limit(1);
        const check = createChainCheck(start ?? null, checkpointKey);
        let afterSeq = start?.seq ?? 0;
        for (;;) {
          const rows = await tx
            .select()
            .from(accessEvent)
            .where(and(inTenant, gt(accessEvent.seq, afterSeq)))
            .orderBy(asc(accessEvent.seq))
            .limit(VERIFY_BATCH);
          if (!check.push(rows) || rows.length < VERIFY_BATCH) return check.report();
          afterSeq = rows.at(-1)!.seq;
        }
      }),
  };
}

export type { AccessEventRow };
