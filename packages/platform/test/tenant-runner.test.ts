// Tenant transactions: tenant, role and statement timeout set with BEGIN, nothing of them left on the pooled connection.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../src/db/database';
import { tenantWideRunner } from '../src/db/tenant';
import { testDatabaseUrl } from '../src/testing/database';

describe('tenantWideRunner', () => {
  it('cancels a statement that runs past the statement timeout', async () => {
    const database = await openDatabase({ url: testDatabaseUrl(), poolMax: 1, statementTimeoutMs: 200 });
    try {
      const run = tenantWideRunner(database, 'patient', 'acme')((tx) => tx.execute(sql`select pg_sleep(1)`));
      await expect(run).rejects.toMatchObject({ cause: { code: '57014' } });
    } finally {
      await database.close();
    }
  });

  /** One pooled connection, so every transaction below runs on the connection the one before used. */
  async function withOneConnection(test: (database: Database) => Promise<void>) {
    const database = await openDatabase({ url: testDatabaseUrl(), poolMax: 1 });
    try {
      await test(database);
    } finally {
      await database.close();
    }
  }
  const sessionOf = async (database: Database) =>
    rowsOf<{ user: string; tenant: string; marker: string }>(
      await database.db.execute(
        sql`select current_user as user, current_setting('app.tenant_id', true) as tenant, current_setting('app.marker', true) as marker`,
      ),
    )[0];

  it('runs the work in the transaction as the app role of the tenant, and leaves nothing on the connection', async () => {
    await withOneConnection(async (database) => {
      const before = await sessionOf(database);
      const inside = await tenantWideRunner(
        database,
        'patient',
        'globex',
      )(async (tx) =>
        rowsOf<{ user: string; tenant: string; in_transaction: boolean }>(
          await tx.execute(
            sql`select current_user as user, current_setting('app.tenant_id') as tenant, now() = statement_timestamp() as in_transaction`,
          ),
        ),
      );
      expect(inside).toEqual([{ user: 'caregraph_patient', tenant: 'globex', in_transaction: false }]);
      // back to the login role; the tenant setting is gone with the transaction (null or '' once defined)
      const after = await sessionOf(database);
      expect(after?.user).toBe(before?.user);
      expect(after?.tenant ?? '').toBe('');
    });
  });

  it('rolls back work that fails, and the connection serves the next tenant transaction', async () => {
    await withOneConnection(async (database) => {
      const failing = tenantWideRunner(
        database,
        'patient',
        'acme',
      )(async (tx) => {
        await tx.execute(sql`select set_config('app.marker', 'left behind', false)`);
        throw new Error('work failed');
      });
      await expect(failing).rejects.toThrow('work failed');
      expect((await sessionOf(database))?.marker ?? '').toBe('');
      const next = await tenantWideRunner(
        database,
        'patient',
        'acme',
      )(async (tx) =>
        rowsOf<{ tenant: string }>(await tx.execute(sql`select current_setting('app.tenant_id') as tenant`)),
      );
      expect(next).toEqual([{ tenant: 'acme' }]);
    });
  });

  it('opens a read-only transaction for a read-only runner', async () => {
    await withOneConnection(async (database) => {
      const run = tenantWideRunner(database, 'patient', 'acme', { readOnly: true });
      const [state] = await run(async (tx) =>
        rowsOf<{ transaction_read_only: string }>(await tx.execute(sql`show transaction_read_only`)),
      );
      expect(state).toEqual({ transaction_read_only: 'on' });
      await expect(run((tx) => tx.execute(sql`create temp table refused (id int)`))).rejects.toMatchObject({
        cause: { code: '25006' },
      });
    });
  });
});
