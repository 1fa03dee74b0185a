// Rows for the analytics graph's privacy settings and the access ledger's retention and checkpoint key.
import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { appendEvents } from '@caregraph/audit';
import { buildDemoData, loadConfig, signDevToken } from '@caregraph/platform';
import { TEST_AUTH, TEST_SEED_PATIENTS, testDatabaseUrl, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import { signCheckpoint } from '../../subgraphs/audit/src/chain';
import { accessEventOf, freshTenant, storedCheckpoints, storedEvents } from '../../subgraphs/audit/test/fixtures';
import type { Row, RowContext } from './harness';
import { runScript } from './launcher';
import { production } from './production';
import { analyticsUrl, ask } from './requests';

interface Cell {
  ageBand: string | null;
  sex: string | null;
  count: number | null;
  suppressed: boolean;
}

async function patientCells(platform: RunningPlatform): Promise<Cell[]> {
  const response = await ask(
    analyticsUrl(platform.gatewayUrl),
    '{ patientCounts(groupBy: AGE_BAND_AND_SEX) { ageBand sex count suppressed } }',
    await tokenFor('analyst@acme.test'),
  );
  return response.body.data?.patientCounts as Cell[];
}

/** The practitioner behind each pseudonymous key of acme's no-show rates, for the HMAC key the analytics graph uses. */
async function practitionersBehindKeys(platform: RunningPlatform, hmacKey: string): Promise<Array<string | undefined>> {
  const [acme] = buildDemoData(TEST_SEED_PATIENTS);
  const byKey = new Map(
    acme!.practitioners.map((p) => [
      createHmac('sha256', hmacKey).update(`acme:${p.id}`).digest('base64url').slice(0, 16),
      p.id,
    ]),
  );
  const response = await ask(
    analyticsUrl(platform.gatewayUrl),
    '{ noShowRates(from: "2026-09-07", to: "2026-11-30") { practitionerKey } }',
    await tokenFor('analyst@acme.test'),
  );
  return (response.body.data?.noShowRates as Array<{ practitionerKey: string }>).map((rate) =>
    byKey.get(rate.practitionerKey),
  );
}

const DAY_MS = 86_400_000;
const CHECKPOINT_KEY = 'settings-checkpoint-key-0123';

/**
 * Two fresh tenants, each with an access event 10 days old and one 1 day old, purged by
 * `npm run audit:purge -- --tenant <id>`: one with the defaults, one with AUDIT_RETENTION_DAYS=5
 * and AUDIT_CHECKPOINT_KEY set.
 */
const purged = (context: RowContext) =>
  context.shared('audit purges', async () => {
    const tenants = { byDefault: freshTenant(), custom: freshTenant() };
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    for (const tenant of Object.values(tenants)) {
      await appendEvents(context.database, [
        accessEventOf(tenant, { occurredAt: daysAgo(10) }),
        accessEventOf(tenant, { occurredAt: daysAgo(1) }),
      ]);
    }
    const startedAt = Date.now();
    const env = { DATABASE_URL: testDatabaseUrl() };
    const [byDefault, custom] = await Promise.all([
      runScript('scripts/audit-purge.ts', ['--tenant', tenants.byDefault], env),
      runScript('scripts/audit-purge.ts', ['--tenant', tenants.custom], {
        ...env,
        AUDIT_RETENTION_DAYS: '5',
        AUDIT_CHECKPOINT_KEY: CHECKPOINT_KEY,
      }),
    ]);
    /** [exit code, tenant, purged, whole days before the run, checkpoint] from the script's line. */
    const report = (run: typeof byDefault) => {
      const match = /^(\S+): purged (\d+) events before (\S+) \((.*)\)\n$/.exec(run.stdout);
      if (!match) return [run.code, run.stdout, run.stderr];
      return [run.code, match[1], Number(match[2]), Math.round((startedAt - Date.parse(match[3]!)) / DAY_MS), match[4]];
    };
    return { tenants, byDefault: report(byDefault), custom: report(custom) };
  });

async function integrityOf(platform: RunningPlatform, tenantId: string) {
  const auditor = await signDevToken(await testDevKeys(), TEST_AUTH, {
    userId: randomUUID(),
    tenantId,
    roles: ['auditor'],
  });
  const response = await ask(platform.gatewayUrl, '{ auditIntegrity { ok checkpointSeq firstBrokenSeq } }', auditor);
  return response.body.data?.auditIntegrity;
}

/** Production refuses to start with `variable` left at its development default. */
async function expectProductionRefuses(variable: string, context: RowContext) {
  const { env } = await production(context);
  expect(() => loadConfig(env)).not.toThrow();
  expect(() => loadConfig({ ...env, [variable]: undefined })).toThrow(
    new RegExp(`${variable}: production needs its own secret key`),
  );
}

export const ledgerRows: Row[] = [
  {
    variable: 'ANALYTICS_MIN_CELL',
    effect: 'analytics aggregates counting fewer than this are suppressed (count null)',
    async check({ platform, defaults }) {
      const every = await patientCells(await platform({ ANALYTICS_MIN_CELL: '1' }));
      expect(every.filter((cell) => cell.suppressed)).toEqual([]);
      expect(every.filter((cell) => cell.count! < 5).length).toBeGreaterThan(0);
      const none = await patientCells(await platform({ ANALYTICS_MIN_CELL: '1000' }));
      expect(none).toEqual(every.map((cell) => ({ ...cell, count: null, suppressed: true })));
      expect(await patientCells(await defaults())).toEqual(
        every.map((cell) => (cell.count! < 5 ? { ...cell, count: null, suppressed: true } : cell)),
      );
    },
  },
  {
    variable: 'ANALYTICS_PSEUDONYM_KEY',
    effect: "the HMAC key of the analytics graph's pseudonymous practitioner keys",
    async check(context) {
      const { platform, defaults } = context;
      const key = 'settings-pseudonym-key-0123';
      const custom = await practitionersBehindKeys(await platform({ ANALYTICS_PSEUDONYM_KEY: key }), key);
      const byDefault = await practitionersBehindKeys(await defaults(), loadConfig({}).ANALYTICS_PSEUDONYM_KEY);
      expect(custom.length).toBeGreaterThan(0);
      expect(custom).not.toContain(undefined);
      // The same practitioners behind different keys (the rows come ordered by key, so the order differs).
      expect([...custom].sort()).toEqual([...byDefault].sort());
      await expectProductionRefuses('ANALYTICS_PSEUDONYM_KEY', context);
      expect(() => loadConfig({ ANALYTICS_PSEUDONYM_KEY: 'fifteen-chars-x' })).toThrow(/ANALYTICS_PSEUDONYM_KEY/);
    },
  },
  {
    variable: 'AUDIT_RETENTION_DAYS',
    effect: 'npm run audit:purge deletes access events older than this many days',
    async check(context) {
      const { tenants, byDefault, custom } = await purged(context);
      expect(custom).toEqual([0, tenants.custom, 1, 5, 'checkpoint at seq 1']);
      expect(byDefault).toEqual([0, tenants.byDefault, 0, 2557, 'nothing expired']);
      // The purge itself is recorded as one more event.
      expect((await storedEvents(context.database, tenants.custom)).map((event) => event.seq)).toEqual([2, 3]);
      expect((await storedEvents(context.database, tenants.byDefault)).map((event) => event.seq)).toEqual([1, 2]);
    },
  },
  {
    variable: 'AUDIT_CHECKPOINT_KEY',
    effect: 'the purge signs its checkpoint with this key, and the ledger verifies from the checkpoint with it',
    async check(context) {
      const { tenants } = await purged(context);
      const [cut] = await storedCheckpoints(context.database, tenants.custom);
      expect(cut!.signature).toBe(signCheckpoint(CHECKPOINT_KEY, cut!));
      expect(cut!.signature).not.toBe(signCheckpoint(loadConfig({}).AUDIT_CHECKPOINT_KEY, cut!));
      const custom = await context.platform({ AUDIT_CHECKPOINT_KEY: CHECKPOINT_KEY });
      expect(await integrityOf(custom, tenants.custom)).toEqual({ ok: true, checkpointSeq: 1, firstBrokenSeq: null });
      expect(await integrityOf(await context.defaults(), tenants.custom)).toEqual({
        ok: false,
        checkpointSeq: 1,
        firstBrokenSeq: 1,
      });
      await expectProductionRefuses('AUDIT_CHECKPOINT_KEY', context);
    },
  },
];
