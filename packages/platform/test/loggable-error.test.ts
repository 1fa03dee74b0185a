// loggableError on real database errors: class, SQL state, identifiers and a message with no value in it.
import { connect, createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database';
import { tenantWideRunner } from '../src/db/tenant';
import { loggableError } from '../src/loggable-error';
import { testDatabaseUrl } from '../src/testing/database';

const MRN = 'ACME-000001';
const NAME = 'Vera Fischer';

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The error `work` rejects with (the test fails if it resolves). */
async function errorOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable('the statement should have failed'),
    (error: unknown) => error,
  );
}

/** A unique violation on a table that exists only inside a rolled-back transaction. */
const duplicateMrn = (database: Database) =>
  errorOf(
    database.db.transaction(async (tx) => {
      await tx.execute(
        sql`create table public.loggable_error_probe (mrn text constraint loggable_error_probe_mrn_key unique)`,
      );
      await tx.execute(sql`insert into public.loggable_error_probe values (${MRN}), (${MRN})`);
    }),
  );

const UNIQUE_VIOLATION = {
  errorClass: 'DrizzleQueryError',
  sqlState: '23505',
  message: 'duplicate key value violates unique constraint "loggable_error_probe_mrn_key"',
  schema: 'public',
  table: 'loggable_error_probe',
  constraint: 'loggable_error_probe_mrn_key',
};

/** Neither the values nor the SQL's parameters, DETAIL or the driver's message appear. */
function expectNoValue(logged: unknown) {
  const text = JSON.stringify(logged);
  for (const leak of [MRN, 'Vera', 'Fischer', '000001', 'DETAIL', 'params', 'Failed query', 'Key (']) {
    expect(text).not.toContain(leak);
  }
}

describe('loggableError on Postgres (postgres.js)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: testDatabaseUrl(), poolMax: 1, statementTimeoutMs: 200 });
  });
  afterAll(() => database?.close());

  it('keeps SQL state, constraint and table of a unique violation, never the duplicated value', async () => {
    const error = await duplicateMrn(database);
    expect(JSON.stringify(error) + String(error)).toContain(MRN); // what the driver would have logged
    expect(loggableError(error)).toEqual(UNIQUE_VIOLATION);
    expectNoValue(loggableError(error));
  });

  it('reports a NUL byte in a parameter as 22021 without the bytes or the text around them', async () => {
    const error = await errorOf(database.db.execute(sql`select ${`${NAME}\u0000`}::text`));
    expect(loggableError(error)).toEqual({
      errorClass: 'DrizzleQueryError',
      sqlState: '22021',
      message: 'invalid byte sequence for encoding <value>: <bytes>',
    });
    expectNoValue(loggableError(error));
  });

  it('reports a statement timeout as 57014', async () => {
    const error = await errorOf(
      tenantWideRunner(database, 'patient', 'acme')((tx) => tx.execute(sql`select pg_sleep(5), ${MRN}::text`)),
    );
    expect(loggableError(error)).toEqual({
      errorClass: 'DrizzleQueryError',
      sqlState: '57014',
      message: 'canceling statement due to statement timeout',
    });
    expectNoValue(loggableError(error));
  });

  it('takes out the value Postgres quotes in its own message', async () => {
    const error = await errorOf(database.db.execute(sql`select ${NAME}::uuid`));
    expect(loggableError(error)).toEqual({
      errorClass: 'DrizzleQueryError',
      sqlState: '22P02',
      message: 'invalid input syntax for type uuid: <value>',
    });
    expectNoValue(loggableError(error));
  });
});

describe('loggableError on PGlite', () => {
  it('reports a unique violation with the same fields as on Postgres', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    try {
      const error = await duplicateMrn(database);
      expect(loggableError(error)).toEqual(UNIQUE_VIOLATION);
      expectNoValue(loggableError(error));
    } finally {
      await database.close();
    }
  });
});

describe('loggableError on other errors', () => {
  it("keeps a system error's code, call, address and port", async () => {
    const port = await closedPort();
    const refused = await new Promise((resolve) => connect(port, '127.0.0.1').once('error', resolve));
    expect(loggableError(refused)).toEqual({
      errorClass: 'Error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED <value>',
      syscall: 'connect',
      address: '127.0.0.1',
      port,
    });
  });

  it('keeps class and words, and takes out quoted text and every word with a digit', () => {
    expect(loggableError(new TypeError(`no chart for "${NAME}" (${MRN})\nat row 3`))).toEqual({
      errorClass: 'TypeError',
      message: 'no chart for <value> (<value>)',
    });
    expect(loggableError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toEqual({
      errorClass: 'Error',
      message: "Stream isn't writeable and enableOfflineQueue options is false",
    });
    expect(loggableError(NAME)).toEqual({ errorClass: 'string', message: '' });
  });
});
