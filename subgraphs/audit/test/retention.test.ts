// Retention on real Postgres: a purge leaves a signed checkpoint, the rest of the chain still verifies, forgeries show.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRowPolicy, type Database } from '@caregraph/platform';
import { TEST_SUBGRAPH_SETTINGS, openTestDatabase } from '@caregraph/platform/testing';
import { signCheckpoint } from '../src/chain';
import { checkpoint } from '../src/db/schema';
import { appendEvents } from '../src/ledger';
import { createAuditRepository } from '../src/repository';
import { ledgerTenants, purgeExpired } from '../src/retention';
import { accessEventOf, callerOf, freshTenant, storedCheckpoints, storedEvents } from './fixtures';

let database: Database;
const settings = TEST_SUBGRAPH_SETTINGS;
const cutoff = new Date('2021-01-01T00:00:00Z');
const old = (day: number) => `2020-01-0${day}T00:00:00.000Z`;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const verify = (tenantId: string) =>
  createAuditRepository(database, createRowPolicy(callerOf(tenantId, ['auditor']))).verifyLedger(
    settings.auditCheckpointKey,
  );

/** A fresh tenant with events that occurred at the given instants (null: now), in that order. */
async function ledgerAt(...instants: Array<string | null>): Promise<string> {
  const tenantId = freshTenant();
  const events = instants.map((at) => accessEventOf(tenantId, { occurredAt: at ?? new Date().toISOString() }));
  await appendEvents(database, events);
  return tenantId;
}

describe('purging expired events', () => {
  it('deletes the expired events, leaves a signed checkpoint and records the purge', async () => {
    const tenantId = await ledgerAt(old(1), old(2), old(3), null, null);
    const third = (await storedEvents(database, tenantId))[2]!;

    expect(await purgeExpired(database, tenantId, cutoff, settings)).toEqual({ purged: 3, checkpointSeq: 3 });

    const [cut, ...more] = await storedCheckpoints(database, tenantId);
    expect(more).toEqual([]);
    expect(cut).toMatchObject({ tenantId, seq: 3, hash: third.hash, purgedCount: 3, purgedBefore: cutoff });
    expect(cut!.signature).toBe(signCheckpoint(settings.auditCheckpointKey, cut!));

    const rows = await storedEvents(database, tenantId);
    expect(rows.map((row) => row.seq)).toEqual([4, 5, 6]);
    expect(rows[2]).toMatchObject({
      action: 'DELETE',
      resourceType: 'AuditLedger',
      resourceId: 'tenant',
      fields: ['accessEvents'],
      outcome: 'SUCCESS',
      actorId: 'system:retention',
      actorRoles: [],
      source: 'audit',
      patientId: null,
    });
    expect(rows[2]!.requestId).toMatch(/^purge-[0-9a-f-]{36}$/);
  });

  it('the remaining chain and the purge event verify from the checkpoint', async () => {
    const tenantId = await ledgerAt(old(1), old(2), old(3), null, null);
    await purgeExpired(database, tenantId, cutoff, settings);
    expect(await verify(tenantId)).toEqual({
      ok: true,
      checked: 3,
      firstBrokenSeq: null,
      firstBrokenEventId: null,
      checkpointSeq: 3,
    });
  });

  it('continues the chain from the checkpoint when every event expired', async () => {
    const tenantId = await ledgerAt(old(1), old(2));
    expect(await purgeExpired(database, tenantId, cutoff, settings)).toEqual({ purged: 2, checkpointSeq: 2 });
    const [cut] = await storedCheckpoints(database, tenantId);
    const rows = await storedEvents(database, tenantId);
    expect(rows.map((row) => [row.seq, row.prevHash])).toEqual([[3, cut!.hash]]);
    expect(await verify(tenantId)).toMatchObject({ ok: true, checked: 1, checkpointSeq: 2 });
  });

  it('keeps everything stored after an event that has not expired yet', async () => {
    const tenantId = await ledgerAt(old(1), null, old(3));
    expect(await purgeExpired(database, tenantId, cutoff, settings)).toEqual({ purged: 1, checkpointSeq: 1 });
    expect((await storedEvents(database, tenantId)).map((row) => row.seq)).toEqual([2, 3, 4]);
  });

  it('purges nothing and records nothing when nothing expired', async () => {
    const tenantId = await ledgerAt(null, null);
    expect(await purgeExpired(database, tenantId, cutoff, settings)).toEqual({ purged: 0, checkpointSeq: null });
    expect(await storedCheckpoints(database, tenantId)).toEqual([]);
    expect((await storedEvents(database, tenantId)).map((row) => row.seq)).toEqual([1, 2]);
  });

  it('a second purge starts where the first checkpoint left off', async () => {
    const tenantId = await ledgerAt(old(1), old(2), null);
    await purgeExpired(database, tenantId, cutoff, settings);
    expect(await purgeExpired(database, tenantId, new Date(Date.now() + 60_000), settings)).toEqual({
      purged: 2,
      checkpointSeq: 4,
    });
    expect((await storedCheckpoints(database, tenantId)).map((row) => [row.seq, row.purgedCount])).toEqual([
      [2, 2],
      [4, 2],
    ]);
    expect(await verify(tenantId)).toMatchObject({ ok: true, checked: 1, checkpointSeq: 4 });
  });

  it('lists the tenants that have events', async () => {
    const [a, b] = [await ledgerAt(null), await ledgerAt(null)];
    expect(await ledgerTenants(database)).toEqual(expect.arrayContaining([a, b]));
  });
});

describe('forged checkpoints', () => {
  it('a checkpoint not signed with the checkpoint key is reported as broken at its seq', async () => {
    const tenantId = await ledgerAt(null, null, null);
    const second = (await storedEvents(database, tenantId))[1]!;
    // Someone deletes the first two events behind the triggers and covers the gap with a checkpoint.
    const forged = { tenantId, seq: 2, hash: second.hash, purgedCount: 2, purgedBefore: new Date() };
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
      await tx.execute(sql`delete from audit.access_event where tenant_id = ${tenantId} and seq <= 2`);
      await tx.insert(checkpoint).values({ ...forged, signature: signCheckpoint('not-the-checkpoint-key', forged) });
    });
    expect(await verify(tenantId)).toEqual({
      ok: false,
      checked: 0,
      firstBrokenSeq: 2,
      firstBrokenEventId: null,
      checkpointSeq: 2,
    });
  });
});
