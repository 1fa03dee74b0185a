// The ledger on real Postgres: hash-chained appends, idempotent delivery, append-only storage, tamper detection.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRowPolicy, rowsOf, tenantWideRunner, type Database } from '@caregraph/platform';
import { TEST_SUBGRAPH_SETTINGS, openTestDatabase } from '@caregraph/platform/testing';
import { GENESIS_HASH } from '../src/chain';
import { appendEvents, canonicalEvent } from '../src/ledger';
import { createAuditRepository } from '../src/repository';
import { accessEventOf, callerOf, freshTenant, storedEvents } from './fixtures';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const verify = (tenantId: string) =>
  createAuditRepository(database, createRowPolicy(callerOf(tenantId, ['auditor']))).verifyLedger(
    TEST_SUBGRAPH_SETTINGS.auditCheckpointKey,
  );

/** Appends three events to a fresh tenant and returns the tenant. */
async function ledgerOfThree(): Promise<string> {
  const tenantId = freshTenant();
  await appendEvents(database, [accessEventOf(tenantId), accessEventOf(tenantId), accessEventOf(tenantId)]);
  return tenantId;
}

describe('appending to the ledger', () => {
  it('chains three events from genesis: seq 1, 2, 3, each hash over the previous one', async () => {
    const tenantId = freshTenant();
    const events = [accessEventOf(tenantId), accessEventOf(tenantId), accessEventOf(tenantId)];
    expect(await appendEvents(database, events)).toBe(3);

    const rows = await storedEvents(database, tenantId);
    expect(rows.map((row) => [row.id, row.seq])).toEqual(events.map((event, i) => [event.id, i + 1]));
    expect(rows.map((row) => row.prevHash)).toEqual([GENESIS_HASH, rows[0]!.hash, rows[1]!.hash]);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEvent({ ...events[0]!, seq: 1 }))
      .digest('hex');
    expect(rows[0]!.hash).toBe(expected);
  });

  it('a chain of three appended events verifies', async () => {
    expect(await verify(await ledgerOfThree())).toEqual({
      ok: true,
      checked: 3,
      firstBrokenSeq: null,
      firstBrokenEventId: null,
      checkpointSeq: null,
    });
  });

  it('stores an event delivered twice once', async () => {
    const tenantId = freshTenant();
    const event = accessEventOf(tenantId);
    expect(await appendEvents(database, [event, event])).toBe(1);
    expect(await appendEvents(database, [event, accessEventOf(tenantId)])).toBe(1);
    const rows = await storedEvents(database, tenantId);
    expect(rows.map((row) => row.seq)).toEqual([1, 2]);
    expect(rows.filter((row) => row.id === event.id)).toHaveLength(1);
  });

  it('keeps one chain per tenant when a batch mixes tenants', async () => {
    const [a, b] = [freshTenant(), freshTenant()];
    await appendEvents(database, [accessEventOf(a), accessEventOf(b), accessEventOf(a)]);
    expect((await storedEvents(database, a)).map((row) => row.seq)).toEqual([1, 2]);
    expect((await storedEvents(database, b)).map((row) => row.seq)).toEqual([1]);
    expect((await verify(a)).ok).toBe(true);
    expect((await verify(b)).ok).toBe(true);
  });

  it('keeps seq gapless when appends of one tenant race', async () => {
    const tenantId = freshTenant();
    await Promise.all(Array.from({ length: 5 }, () => appendEvents(database, [accessEventOf(tenantId)])));
    expect((await storedEvents(database, tenantId)).map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verify(tenantId)).toMatchObject({ ok: true, checked: 5 });
  });
});

describe('the ledger is append-only', () => {
  const asApp = (tenantId: string, statement: ReturnType<typeof sql>) =>
    tenantWideRunner(database, 'audit', tenantId)((tx) => tx.execute(statement));
  const asOwner = (statement: ReturnType<typeof sql>) => database.db.transaction((tx) => tx.execute(statement));

  it('the app role cannot UPDATE, DELETE or TRUNCATE events', async () => {
    const tenantId = await ledgerOfThree();
    const denied = { cause: expect.objectContaining({ code: '42501' }) };
    await expect(asApp(tenantId, sql`update audit.access_event set fields = '{}'`)).rejects.toMatchObject(denied);
    await expect(asApp(tenantId, sql`delete from audit.access_event`)).rejects.toMatchObject(denied);
    await expect(asApp(tenantId, sql`truncate audit.access_event`)).rejects.toMatchObject(denied);
    await expect(asApp(tenantId, sql`delete from audit.checkpoint`)).rejects.toMatchObject(denied);
    expect(await storedEvents(database, tenantId)).toHaveLength(3);
  });

  it('the owner cannot UPDATE, DELETE (outside a purge) or TRUNCATE events either', async () => {
    const tenantId = await ledgerOfThree();
    const refused = (operation: string) => ({
      cause: expect.objectContaining({ message: `audit.access_event is append-only: ${operation} refused` }),
    });
    await expect(
      asOwner(sql`update audit.access_event set fields = '{}' where tenant_id = ${tenantId}`),
    ).rejects.toMatchObject(refused('UPDATE'));
    await expect(asOwner(sql`delete from audit.access_event where tenant_id = ${tenantId}`)).rejects.toMatchObject(
      refused('DELETE'),
    );
    await expect(asOwner(sql`truncate audit.access_event`)).rejects.toMatchObject(refused('TRUNCATE'));
    expect(await storedEvents(database, tenantId)).toHaveLength(3);
  });

  it('the purge switch never lets the app role read other tenants', async () => {
    const [mine, other] = [await ledgerOfThree(), await ledgerOfThree()];
    const tenants = await tenantWideRunner(
      database,
      'audit',
      mine,
    )(async (tx) => {
      await tx.execute(sql`select set_config('caregraph.audit_purge', 'on', true)`);
      return rowsOf<{ tenant_id: string }>(
        await tx.execute(sql`select distinct tenant_id from audit.access_event where tenant_id in (${mine}, ${other})`),
      );
    });
    expect(tenants).toEqual([{ tenant_id: mine }]);
  });
});

describe('tampering', () => {
  it('a row changed behind the triggers is reported at exactly its seq', async () => {
    const tenantId = freshTenant();
    await appendEvents(
      database,
      Array.from({ length: 4 }, () => accessEventOf(tenantId)),
    );
    const target = (await storedEvents(database, tenantId))[1]!;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
      await tx.execute(
        sql`update audit.access_event set fields = array['diagnosis'] where tenant_id = ${tenantId} and seq = 2`,
      );
    });
    expect(await verify(tenantId)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: 2,
      firstBrokenEventId: target.id,
      checkpointSeq: null,
    });
  });

  it('a row deleted behind the triggers is reported at the row after it', async () => {
    const tenantId = freshTenant();
    await appendEvents(
      database,
      Array.from({ length: 4 }, () => accessEventOf(tenantId)),
    );
    const after = (await storedEvents(database, tenantId))[2]!;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
      await tx.execute(sql`delete from audit.access_event where tenant_id = ${tenantId} and seq = 2`);
    });
    expect(await verify(tenantId)).toMatchObject({
      ok: false,
      checked: 2,
      firstBrokenSeq: 3,
      firstBrokenEventId: after.id,
    });
  });
});
