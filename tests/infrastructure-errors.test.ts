// isInfrastructureError over errors that real failures produce: an unreachable or terminated database is one, a refusal is not.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dependencyUnavailable,
  forbidden,
  isInfrastructureError,
  openDatabase,
  type Database,
} from '@caregraph/platform';
import { TEST_DATABASE_NAME, testDatabaseUrl, freePort } from '@caregraph/platform/testing';

type Failure = Error & { code?: string; cause?: { code?: string } };

/** The error `run` rejects with (the test fails if it resolves). */
async function failureOf(run: () => PromiseLike<unknown>): Promise<Failure> {
  const outcome = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Failure;
}

let closed: Database;
let database: Database;
let closedUrl: string;

beforeAll(async () => {
  closedUrl = `postgres://postgres@127.0.0.1:${await freePort()}/${new URL(testDatabaseUrl()).pathname.slice(1)}`;
  closed = await openDatabase({ url: closedUrl, poolMax: 1 });
  database = await openDatabase({ url: testDatabaseUrl(), poolMax: 2 });
});

afterAll(async () => {
  await closed?.close();
  await database?.close();
});

describe('isInfrastructureError', () => {
  it('recognises a refused connection: from postgres.js, under drizzle, and from a tenant transaction', async () => {
    const direct = postgres(closedUrl, { max: 1 });
    try {
      const raw = await failureOf(() => direct`select 1`);
      expect(raw.code).toBe('ECONNREFUSED');
      expect(isInfrastructureError(raw)).toBe(true);
    } finally {
      await direct.end({ timeout: 1 });
    }
    const wrapped = await failureOf(() => closed.db.execute(sql`select 1`));
    expect(wrapped.cause?.code).toBe('ECONNREFUSED');
    expect(isInfrastructureError(wrapped)).toBe(true);
    const transaction = await failureOf(() => closed.transaction(sql`select 1`, async () => 'never'));
    expect(isInfrastructureError(transaction)).toBe(true);
  });

  it('recognises a backend terminated under a statement (CONNECTION_CLOSED)', async () => {
    const own = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    try {
      const closedUnder = await failureOf(() => own`select pg_terminate_backend(pg_backend_pid())`);
      expect(closedUnder.code).toBe('CONNECTION_CLOSED');
      expect(isInfrastructureError(closedUnder)).toBe(true);
    } finally {
      await own.end({ timeout: 1 });
    }
  });

  it('recognises the server refusing a connection with a SQLSTATE (53300 too many connections)', async () => {
    // A role of this run's own that may open no connection at all (roles are server-wide: dropped after).
    const role = `${TEST_DATABASE_NAME}_full`;
    const admin = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.unsafe(`create role ${role} login connection limit 0`);
    const url = new URL(testDatabaseUrl());
    url.username = role;
    const full = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const refused = await failureOf(() => full`select 1`);
      expect([(refused as { code?: string }).code, (refused as { severity?: string }).severity]).toEqual([
        '53300',
        'FATAL',
      ]);
      expect(isInfrastructureError(refused)).toBe(true);
    } finally {
      await full.end({ timeout: 1 });
      await admin.unsafe(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it('recognises a dependencyUnavailable error that carries a real failure', async () => {
    const cause = await failureOf(() => closed.db.execute(sql`select 1`));
    expect(isInfrastructureError(dependencyUnavailable(cause))).toBe(true);
  });

  it('does not take a unique violation, a statement timeout or a FORBIDDEN for one', async () => {
    const duplicate = await failureOf(() =>
      database.transaction(sql`select 1`, async (tx) => {
        await tx.execute(sql`create temporary table once (id int primary key) on commit drop`);
        await tx.execute(sql`insert into once values (1), (1)`);
      }),
    );
    expect(duplicate.cause?.code).toBe('23505');
    expect(isInfrastructureError(duplicate)).toBe(false);
    const timeout = await failureOf(() =>
      database.transaction(sql`select set_config('statement_timeout', '10', true)`, (tx) =>
        tx.execute(sql`select pg_sleep(1)`),
      ),
    );
    expect(timeout.cause?.code).toBe('57014');
    expect(isInfrastructureError(timeout)).toBe(false);
    expect(isInfrastructureError(forbidden())).toBe(false);
    expect(isInfrastructureError(new Error('anything'))).toBe(false);
    expect(isInfrastructureError(null)).toBe(false);
  });
});
