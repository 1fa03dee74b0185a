// A Postgres backend that dies under a reserved connection: the work fails with a connection error, the process lives, the pool reconnects.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInfrastructureError, openDatabase, rowsOf, type Database } from '@caregraph/platform';
import { testDatabaseUrl } from '@caregraph/platform/testing';

let database: Database;
/** A connection of its own that terminates the backends under test (only ones this file opened). */
let killer: postgres.Sql;
const uncaught: unknown[] = [];
let failOnUncaught: (error: unknown) => void = () => {};
const countUncaught = (error: unknown) => {
  uncaught.push(error);
  failOnUncaught(error);
};

/** `promise`, or its failure as soon as an exception goes uncaught (the statement it came from never settles). */
const unlessUncaught = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => (failOnUncaught = reject))]);

beforeAll(async () => {
  // postgres.js 3.4.9 unpatched throws from a setImmediate here (porsager/postgres#1208): count it.
  process.on('uncaughtException', countUncaught);
  database = await openDatabase({ url: testDatabaseUrl(), poolMax: 2 });
  killer = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  process.off('uncaughtException', countUncaught);
  await killer?.end();
  await database?.close();
});

/** Terminates the backend and waits (up to 10 s) until it has exited. */
const terminate = (pid: number) => killer`select pg_terminate_backend(${pid}, 10000) as gone`;

/** The code of a statement's failure, under drizzle's wrapper when there is one. */
const codeOf = (error: unknown) => {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  return cause?.code ?? code;
};

const backendPid = async (tx: Database['db']) =>
  rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;

describe('a tenant transaction whose backend is terminated', () => {
  it('rejects with CONNECTION_CLOSED, raises nothing uncaught, and the next transaction gets a new backend', async () => {
    let killed = 0;
    const failure = await unlessUncaught(
      database
        .transaction(sql`select 1`, async (tx) => {
          killed = await backendPid(tx);
          await terminate(killed);
          await tx.execute(sql`select 1`);
          return 'committed';
        })
        .catch((error: unknown) => error),
    );

    expect(failure).toBeInstanceOf(Error);
    expect(codeOf(failure)).toBe('CONNECTION_CLOSED');
    expect(isInfrastructureError(failure)).toBe(true);
    expect(uncaught).toEqual([]);

    const next = await unlessUncaught(database.transaction(sql`select 1`, (tx) => backendPid(tx)));
    expect(next).toBeGreaterThan(0);
    expect(next).not.toBe(killed);
    expect(uncaught).toEqual([]);
  });
});

describe('a backend terminated during a statement', () => {
  it('fails that statement only: the next transaction on the one connection of the pool succeeds', async () => {
    const single = await openDatabase({ url: testDatabaseUrl(), poolMax: 1 });
    try {
      const failure = await unlessUncaught(
        single
          .transaction(sql`select 1`, (tx) => tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`))
          .catch((error: unknown) => error),
      );
      expect(codeOf(failure)).toBe('CONNECTION_CLOSED');
      // postgres.js 3.4.9 kept the server's FATAL (57P01) and failed the reconnected connection's first query with it.
      const next = await unlessUncaught(single.transaction(sql`select 1`, (tx) => backendPid(tx)));
      expect(next).toBeGreaterThan(0);
      expect(uncaught).toEqual([]);
    } finally {
      await single.close();
    }
  });
});

describe('a pool whose backend died under a statement', () => {
  it('ends without waiting: no reply is awaited from the dead connection', async () => {
    const pool = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    const failure = await pool`select pg_terminate_backend(pg_backend_pid())`.catch((error: unknown) => error);
    expect(codeOf(failure)).toBe('CONNECTION_CLOSED');
    // No timeout: postgres.js 3.4.9 never resolved this (it waited for a ReadyForQuery, upstream #1142).
    await expect(pool.end()).resolves.toBeUndefined();
  });
});

describe('a tenant transaction whose work carries on after losing its connection', () => {
  it("is refused with the connection error, not committed with the work's value", async () => {
    const outcome = await unlessUncaught(
      database
        .transaction(sql`select 1`, async (tx) => {
          await terminate(await backendPid(tx));
          await tx.execute(sql`select 1`).catch(() => 'swallowed');
          return 'done';
        })
        .catch((error: unknown) => error),
    );
    expect(codeOf(outcome)).toBe('CONNECTION_CLOSED');
    expect(uncaught).toEqual([]);
  });
});

describe('a reserved postgres.js connection whose backend is terminated (upstream #1208)', () => {
  it('rejects every later statement with CONNECTION_CLOSED, and after release the pool serves on a new backend', async () => {
    const pool = postgres(testDatabaseUrl(), { max: 2, onnotice: () => {} });
    try {
      const reserved = await pool.reserve();
      const [{ pid }] = (await reserved`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      await terminate(pid);
      // The first statement after the kill fails however the close reaches the client (reset or closed).
      const first = await unlessUncaught(reserved`select 1`.catch((error: unknown) => error));
      expect(isInfrastructureError(first)).toBe(true);
      const second = await unlessUncaught(reserved`select 1`.catch((error: unknown) => error));
      expect(codeOf(second)).toBe('CONNECTION_CLOSED');
      reserved.release();
      const [{ pid: fresh }] = (await unlessUncaught(pool`select pg_backend_pid() as pid`)) as unknown as [
        { pid: number },
      ];
      expect(fresh).not.toBe(pid);
      expect(uncaught).toEqual([]);
    } finally {
      await pool.end({ timeout: 1 });
    }
  });
});
