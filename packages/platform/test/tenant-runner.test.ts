// Tenant transactions bound every statement's run time (the subgraph-side guard against unbounded SQL).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database';
import { tenantRunner } from '../src/db/tenant';
import { testDatabaseUrl } from '../src/testing/database';

describe('tenantRunner', () => {
  it('cancels a statement that runs past the statement timeout', async () => {
    const database = await openDatabase({ url: testDatabaseUrl(), poolMax: 1, statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const run = tenantRunner(database, 'patient', 'acme')((tx) => tx.execute(sql`select pg_sleep(5)`));
      await expect(run).rejects.toMatchObject({ cause: { code: '57014' } });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await database.close();
    }
  });
});
