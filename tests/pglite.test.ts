// The embedded default: the same graph on PGlite, the same statement counts, and masked failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAll, seedAll, type RunningPlatform } from '@caregraph/gateway';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, tenantWideRunner, type Database } from '@caregraph/platform';
import { postGraphQL, tokenFor, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';
import { PATIENTS_DEEP } from './support/queries';

let database: Database;
let platform: RunningPlatform;

beforeAll(async () => {
  database = await openDatabase({ pgliteDir: 'memory://' });
  await migrateAll(database);
  await seedAll(database, TEST_SEED_PATIENTS);
  platform = await startTestPlatform(database);
});
afterAll(async () => {
  await platform?.stop();
  await database?.close().catch(() => {});
});

async function deepQuery(first: number) {
  database.stats.statements = 0;
  const response = await postGraphQL(platform.gatewayUrl, {
    query: PATIENTS_DEEP,
    variables: { first },
    token: await tokenFor('doctor@acme.test'),
  });
  return { response, statements: database.stats.statements };
}

describe('embedded PGlite', () => {
  it('runs RLS-scoped queries as the non-superuser app roles', async () => {
    const roles = await database.db.execute(
      "select rolname, rolsuper, rolbypassrls from pg_roles where rolname like 'caregraph_%' order by rolname" as never,
    );
    expect((roles as unknown as { rows: unknown[] }).rows).toEqual([
      { rolname: 'caregraph_appointment', rolsuper: false, rolbypassrls: false },
      { rolname: 'caregraph_audit', rolsuper: false, rolbypassrls: false },
      { rolname: 'caregraph_patient', rolsuper: false, rolbypassrls: false },
      { rolname: 'caregraph_prescription', rolsuper: false, rolbypassrls: false },
    ]);
  });

  it('RLS alone limits raw SQL without a tenant filter to the tenant of the transaction', async () => {
    const tenants = await tenantWideRunner(
      database,
      'appointment',
      'globex',
    )(async (tx) =>
      rowsOf<{ tenant_id: string }>(await tx.execute(sql`select distinct tenant_id from appointment.appointment`)),
    );
    expect(tenants).toEqual([{ tenant_id: 'globex' }]);
  });

  it('costs the same statements for 5 and 50 patients as on Postgres', async () => {
    const five = await deepQuery(5);
    const fifty = await deepQuery(50);
    expect(five.response.body.errors).toBeUndefined();
    expect(fifty.response.body.data?.patients.nodes).toHaveLength(50);
    expect(five.statements).toBe(10);
    expect(fifty.statements).toBe(10);
  });

  it('writes the access ledger and verifies its hash chain on the embedded database', async () => {
    const doctor = await tokenFor('doctor@acme.test');
    const read = await postGraphQL(platform.gatewayUrl, {
      query: '{ patients(first: 3) { nodes { id name { family } } } }',
      token: doctor,
    });
    const requestId = read.headers.get('x-request-id');
    const ids = (read.body.data?.patients.nodes as Array<{ id: string }>).map((node) => node.id);
    const admin = await tokenFor('admin@acme.test');
    const ledger = async () =>
      postGraphQL(platform.gatewayUrl, {
        query: `{ accessEvents(first: 100) { nodes { requestId action resourceId } } auditIntegrity { ok } }`,
        token: admin,
      });
    await expect
      .poll(async () => {
        const body = (await ledger()).body.data as {
          accessEvents: { nodes: Array<{ requestId: string; action: string; resourceId: string }> };
          auditIntegrity: { ok: boolean };
        };
        const events = body.accessEvents.nodes.filter((event) => event.requestId === requestId);
        return {
          reads: events.map((event) => `${event.action}:${event.resourceId}`).sort(),
          ok: body.auditIntegrity.ok,
        };
      })
      .toEqual({ reads: ids.map((id) => `READ:${id}`).sort(), ok: true });
  });

  it('masks a database failure as INTERNAL_SERVER_ERROR with the request id and no SQL', async () => {
    const token = await tokenFor('admin@acme.test');
    await database.close();
    const response = await postGraphQL(platform.gatewayUrl, {
      query: '{ patients(first: 3) { nodes { id name { family } } } }',
      token,
    });
    expect(response.body.errors?.[0]?.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: response.headers.get('x-request-id'),
    });
    expect(response.body.errors?.[0]?.message).toBe('Internal server error');
    expect(response.text).not.toMatch(/select|patient\.patient|PGlite|stack|at .*\.ts/i);
  });
});
