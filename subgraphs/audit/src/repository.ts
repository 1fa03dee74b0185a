// Every SQL statement the audit subgraph's requests run, scoped to the caller's tenant (and RLS beneath).
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { tenantRunner, topPerParent, type Database, type Identity } from '@caregraph/platform';
import { FieldGroup, createAccess, readScope, type Access } from '@caregraph/platform';
import { accessEvent, checkpoint, type AccessEventRow } from './db/schema';
import { createChainCheck, type IntegrityReport } from './integrity';
import { purgeLock } from './locks';
import type { EventFilter, SeqPage } from './validation';

/** Events read per statement while verifying the chain. */
const VERIFY_BATCH = 2000;

const before = (page: SeqPage) => (page.afterSeq === null ? undefined : lt(accessEvent.seq, page.afterSeq));

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function createAuditRepository(
  database: Database,
  identity: Identity,
  access: Access = createAccess(database, 'audit', identity),
) {
  const { tenantId } = identity;
  const run = tenantRunner(database, 'audit', tenantId);
  const inTenant = eq(accessEvent.tenantId, tenantId);
  /** Rows of lists limited to what the caller may read (the access matrix in SQL). */
  const readable = readScope(access, FieldGroup.AuditLedger, { patientId: accessEvent.patientId });

  return {
    eventsByIds: (ids: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(accessEvent)
          .where(and(inTenant, inArray(accessEvent.id, [...ids]))),
      ),

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
          .select()
          .from(accessEvent)
          .where(and(...filters))
          .orderBy(desc(accessEvent.seq))
          .limit(page.first + 1),
      );
    },

    /** The newest `page.first + 1` events of each patient, in one statement for any number of patients. */
    eventsByPatients: (patientIds: readonly string[], page: SeqPage) =>
      run((tx) =>
        topPerParent(tx, accessEvent, {
          parent: accessEvent.patientId,
          orderBy: sql`${accessEvent.seq} desc`,
          where: and(inTenant, inArray(accessEvent.patientId, [...patientIds]), before(page)),
          limit: page.first + 1,
        }),
      ) as Promise<AccessEventRow[]>,

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
