// The audit repository on real Postgres: one tenant's events, newest first by seq, filtered and scoped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRowPolicy, encodeCursor, newId, type Database } from '@caregraph/platform';
import { openTestDatabase } from '@caregraph/platform/testing';
import { appendEvents } from '../src/ledger';
import { createAuditRepository } from '../src/repository';
import { parseSeqPage, type EventFilter } from '../src/validation';
import { accessEventOf, callerOf, freshTenant } from './fixtures';

let database: Database;
const [acme, globex] = [freshTenant(), freshTenant()];
const [alice, bob] = [newId(), newId()];
const noFilter: EventFilter = { patientId: null, actorId: null, action: null, from: null, to: null };
const firstPage = (first: number) => parseSeqPage({ first });

beforeAll(async () => {
  database = await openTestDatabase();
  await appendEvents(database, [
    accessEventOf(acme, { patientId: alice, occurredAt: '2030-01-01T00:00:00Z' }),
    accessEventOf(acme, {
      patientId: bob,
      occurredAt: '2030-01-02T00:00:00Z',
      actorId: 'nurse-1',
      actorRoles: ['nurse'],
    }),
    accessEventOf(acme, { patientId: alice, occurredAt: '2030-01-03T00:00:00Z', action: 'UPDATE', fields: ['phone'] }),
    accessEventOf(globex, { occurredAt: '2030-01-04T00:00:00Z' }),
  ]);
});
afterAll(async () => {
  await database?.close();
});

describe('audit repository', () => {
  it('lists the caller tenant events newest first and pages with a cursor', async () => {
    const repo = createAuditRepository(database, createRowPolicy(callerOf(acme, ['auditor'])));
    const first = await repo.listEvents(noFilter, firstPage(2));
    expect(first.map((row) => [row.tenantId, row.seq])).toEqual([
      [acme, 3],
      [acme, 2],
      [acme, 1],
    ]);
    const next = await repo.listEvents(noFilter, parseSeqPage({ first: 2, after: encodeCursor(['2', first[1]!.id]) }));
    expect(next.map((row) => row.seq)).toEqual([1]);
  });

  it('never returns another tenant event', async () => {
    const repo = createAuditRepository(database, createRowPolicy(callerOf(globex, ['auditor'])));
    const rows = await repo.listEvents(noFilter, firstPage(100));
    expect(rows.map((row) => [row.tenantId, row.seq])).toEqual([[globex, 1]]);
  });

  it('filters by patient, actor, action and time window', async () => {
    const repo = createAuditRepository(database, createRowPolicy(callerOf(acme, ['admin'])));
    const seqs = async (filter: Partial<EventFilter>) =>
      (await repo.listEvents({ ...noFilter, ...filter }, firstPage(10))).map((row) => row.seq);
    expect(await seqs({ patientId: alice })).toEqual([3, 1]);
    expect(await seqs({ actorId: 'nurse-1' })).toEqual([2]);
    expect(await seqs({ action: 'UPDATE' })).toEqual([3]);
    expect(await seqs({ from: new Date('2030-01-02T00:00:00Z'), to: new Date('2030-01-03T00:00:00Z') })).toEqual([2]);
  });

  it('shows a patient only the events of their own record', async () => {
    const repo = createAuditRepository(database, createRowPolicy(callerOf(acme, ['patient'], { patientId: alice })));
    const rows = await repo.listEvents(noFilter, firstPage(10));
    expect(rows.map((row) => [row.seq, row.patientId])).toEqual([
      [3, alice],
      [1, alice],
    ]);
    expect(await repo.listEvents({ ...noFilter, patientId: bob }, firstPage(10))).toEqual([]);
  });

  it('reads several patients access logs in one statement, newest first per patient', async () => {
    const repo = createAuditRepository(database, createRowPolicy(callerOf(acme, ['auditor'])));
    const before = database.stats.statements;
    const rows = [...(await repo.eventsByPatients([alice, bob], firstPage(1))).values()].flatMap((page) => page ?? []);
    expect(database.stats.statements - before).toBe(2); // the tenant setup and the query
    expect(rows.map((row) => [row.patientId, row.seq])).toEqual(
      expect.arrayContaining([
        [alice, 3],
        [alice, 1],
        [bob, 2],
      ]),
    );
    expect(rows).toHaveLength(3);
  });
});
