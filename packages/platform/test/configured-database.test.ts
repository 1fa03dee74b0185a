// DATABASE_STATEMENT_TIMEOUT_MS reaches the tenant transactions of the configured database, on Postgres and on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openConfiguredDatabase, rowsOf, type Database } from '../src/db/database';
import { tenantWideRunner } from '../src/db/tenant';
import { testDatabaseUrl } from '../src/testing/database';

async function withConfiguredDatabase(env: NodeJS.ProcessEnv, test: (database: Database) => Promise<void>) {
  const database = await openConfiguredDatabase(loadConfig({ DATABASE_POOL_MAX: '1', ...env }));
  try {
    await test(database);
  } finally {
    await database.close();
  }
}

const inTenantTransaction = <T>(database: Database, query: ReturnType<typeof sql>) =>
  tenantWideRunner(database, 'patient', 'acme')(async (tx) => rowsOf<T>(await tx.execute(query)));
const timeoutSeen = (database: Database) =>
  inTenantTransaction<{ statement_timeout: string }>(database, sql`show statement_timeout`);
const sleepOneSecond = (database: Database) =>
  inTenantTransaction<{ outcome: string }>(database, sql`select 'slept' as outcome from pg_sleep(1)`);

describe('openConfiguredDatabase on Postgres', () => {
  it('cancels a tenant statement after DATABASE_STATEMENT_TIMEOUT_MS with query_canceled (57014)', async () => {
    await withConfiguredDatabase(
      { DATABASE_URL: testDatabaseUrl(), DATABASE_STATEMENT_TIMEOUT_MS: '200' },
      async (database) => {
        expect(await timeoutSeen(database)).toEqual([{ statement_timeout: '200ms' }]);
        await expect(sleepOneSecond(database)).rejects.toMatchObject({ cause: { code: '57014' } });
      },
    );
  });

  it('lets a one-second statement finish under the default of 5 s', async () => {
    await withConfiguredDatabase({ DATABASE_URL: testDatabaseUrl() }, async (database) => {
      expect(await timeoutSeen(database)).toEqual([{ statement_timeout: '5s' }]);
      expect(await sleepOneSecond(database)).toEqual([{ outcome: 'slept' }]);
    });
  });

  it('opens no replica without DATABASE_READ_URL', async () => {
    await withConfiguredDatabase({ DATABASE_URL: testDatabaseUrl() }, async (database) => {
      expect(database.replica).toBeUndefined();
    });
  });
});

describe('openConfiguredDatabase on PGlite', () => {
  // PGlite runs single-threaded in WebAssembly and cannot interrupt a running statement, so only
  // the setting each tenant transaction carries is asserted here.
  it('sets DATABASE_STATEMENT_TIMEOUT_MS in every tenant transaction', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-configured-'));
    try {
      await withConfiguredDatabase({ DATA_DIR: dataDir, DATABASE_STATEMENT_TIMEOUT_MS: '250' }, async (database) => {
        expect(database.kind).toBe('pglite');
        await database.db.execute(sql`create role caregraph_patient nologin`);
        expect(await timeoutSeen(database)).toEqual([{ statement_timeout: '250ms' }]);
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
