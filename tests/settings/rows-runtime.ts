// Rows for how the platform runs: NODE_ENV, what `npm start` does with LOG_LEVEL, DATA_DIR and the seed settings, and how it stops.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  SUBGRAPH_NAMES,
  createLogger,
  loadConfig,
  loadOrCreateDevKeys,
  signDevToken,
  subgraphUrl,
  type SubgraphName,
} from '@caregraph/platform';
import { TEST_AUTH, freePorts, identityOf, tokenFor } from '@caregraph/platform/testing';
import { assembleGateway } from '../../gateway/src/assemble';
import { createDatabase, patientsPerTenant } from './databases';
import type { Row, RowContext } from './harness';
import { launchEmbedded, type Launched } from './launcher';
import { INTROSPECTION, production } from './production';
import { ask, outcomeOf } from './requests';

const PORTS = ['GATEWAY_PORT', 'PATIENT_PORT', 'APPOINTMENT_PORT', 'PRESCRIPTION_PORT', 'AUDIT_PORT'];

/**
 * `npm start` twice, side by side, each on an empty database and a data folder of its own:
 * `quiet` with SEED_ON_START=never and LOG_LEVEL=error, `seeding` with SEED_PATIENTS=3 and the
 * defaults of SEED_ON_START and LOG_LEVEL. What the rows look at is gathered, then both stop.
 */
const launches = (context: RowContext) =>
  context.shared('npm start', async () => {
    const [quietDb, seedingDb] = await Promise.all([createDatabase('quiet'), createDatabase('seeding')]);
    const dirs = {
      quiet: mkdtempSync(join(tmpdir(), 'caregraph-settings-')),
      seeding: mkdtempSync(join(tmpdir(), 'caregraph-settings-')),
    };
    const ports = (await freePorts(10)).map(String);
    const portsEnv = (offset: number) => Object.fromEntries(PORTS.map((name, i) => [name, ports[offset + i]]));
    const started = await Promise.allSettled([
      launchEmbedded({
        ...portsEnv(0),
        DATABASE_URL: quietDb.url,
        DATA_DIR: dirs.quiet,
        SEED_ON_START: 'never',
        LOG_LEVEL: 'error',
      }),
      launchEmbedded({ ...portsEnv(5), DATABASE_URL: seedingDb.url, DATA_DIR: dirs.seeding, SEED_PATIENTS: '3' }),
    ]);
    const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      const [quiet, seeding] = running as [Launched, Launched];
      const me = async (token: string) => outcomeOf(await ask(seeding.gatewayUrl, '{ me { userId } }', token));
      /** The dev-keys.json `npm start` wrote to a data folder, or null (read before the test loads any keys). */
      const keysFile = (dir: string) => {
        const file = join(dir, 'dev-keys.json');
        return existsSync(file) ? readFileSync(file, 'utf8') : null;
      };
      const devKeys = { quiet: keysFile(dirs.quiet), seeding: keysFile(dirs.seeding) };
      const fromDataDir = devKeys.seeding
        ? await me(
            await signDevToken(await loadOrCreateDevKeys(dirs.seeding), TEST_AUTH, identityOf('doctor@acme.test')),
          )
        : null;
      const observed = {
        devKeys,
        patients: { quiet: await patientsPerTenant(quietDb.sql), seeding: await patientsPerTenant(seedingDb.sql) },
        tokens: { fromDataDir, fromOtherKeys: await me(await tokenFor('doctor@acme.test')) },
      };
      await Promise.all(running.map((launched) => launched.stop()));
      return {
        ...observed,
        stdout: { quiet: quiet.stdout(), seeding: seeding.stdout() },
        logs: { quiet: quiet.logLines(), seeding: seeding.logLines() },
      };
    } finally {
      await Promise.all(running.map((launched) => launched.stop()));
      await Promise.all([quietDb.drop(), seedingDb.drop()]);
      for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
    }
  });

export const runtimeRows: Row[] = [
  {
    variable: 'NODE_ENV',
    effect: 'production requires real stores and keys, refuses development tokens, and hides introspection',
    covered: 'tests/e2e/production-recipe.e2e.ts',
    async check(context) {
      const live = await context.platform((await production(context)).env);
      const developer = await context.defaults();
      const devToken = await tokenFor('doctor@acme.test');
      expect(outcomeOf(await ask(live.gatewayUrl, '{ me { userId } }', devToken))).toEqual([401, ['UNAUTHENTICATED']]);
      expect(outcomeOf(await ask(developer.gatewayUrl, '{ me { userId } }', devToken))).toEqual([200, []]);
      const idpToken = await (await production(context)).tokenFor('doctor@acme.test');
      expect(outcomeOf(await ask(live.gatewayUrl, INTROSPECTION, idpToken))).toEqual([
        400,
        ['GRAPHQL_VALIDATION_FAILED'],
      ]);
      expect(outcomeOf(await ask(developer.gatewayUrl, INTROSPECTION, devToken))).toEqual([200, []]);

      const refused = (() => {
        try {
          loadConfig({ NODE_ENV: 'production' });
          return [];
        } catch (error) {
          return [...(error as Error).message.matchAll(/^ {2}([A-Z_]+):/gm)].map((match) => match[1]);
        }
      })();
      expect(refused.sort()).toEqual([
        'ANALYTICS_PSEUDONYM_KEY',
        'ASSERTION_PUBLIC_KEY',
        'AUDIT_CHECKPOINT_KEY',
        'AUTH_JWKS_URL',
        'DATABASE_URL',
        'REDIS_URL',
      ]);
      expect(() => loadConfig({ NODE_ENV: 'development' })).not.toThrow();
      // The gateway also needs its private key: production never falls back to the development pair.
      const { ASSERTION_PRIVATE_KEY: _, ...withoutPrivateKey } = (await production(context)).env;
      const config = loadConfig(withoutPrivateKey);
      const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(config, name)])) as Record<
        SubgraphName,
        string
      >;
      await expect(assembleGateway(config, createLogger('silent', 'test'), urls, undefined)).rejects.toThrow(
        /ASSERTION_PRIVATE_KEY: required/,
      );
    },
  },
  {
    variable: 'LOG_LEVEL',
    effect: 'log lines below this level are not written',
    async check(context) {
      const { logs } = await launches(context);
      expect(logs.quiet.filter((line) => line.level < 50)).toEqual([]);
      expect(logs.seeding.map((line) => [line.level, line.msg])).toEqual(
        expect.arrayContaining([
          [30, 'seeding demo data'],
          [40, 'REDIS_URL is not set: rate limits and APQ are kept in this process only (single instance)'],
        ]),
      );
      expect(loadConfig({}).LOG_LEVEL).toBe('info');
    },
  },
  {
    variable: 'DATA_DIR',
    effect: 'embedded data lives here: the development keys (dev-keys.json) that sign and verify tokens',
    covered: 'packages/platform/test/configured-database.test.ts',
    async check(context) {
      const { devKeys, tokens } = await launches(context);
      expect([typeof devKeys.quiet, typeof devKeys.seeding]).toEqual(['string', 'string']);
      expect(devKeys.quiet).not.toBe(devKeys.seeding);
      expect(tokens).toEqual({ fromDataDir: [200, []], fromOtherKeys: [401, ['UNAUTHENTICATED']] });
      expect(loadConfig({}).DATA_DIR).toBe('.data');
    },
  },
  {
    variable: 'SHUTDOWN_GRACE_MS',
    effect:
      'on SIGTERM or SIGINT, requests in flight get this long to finish; what still runs then is cut and the exit code is 1',
    covered: 'tests/e2e/drain.e2e.ts',
    async check() {
      expect(loadConfig({}).SHUTDOWN_GRACE_MS).toBe(10_000);
      expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).SHUTDOWN_GRACE_MS).toBe(0);
      expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '600001' })).toThrow(/SHUTDOWN_GRACE_MS: /);
    },
  },
  {
    variable: 'SEED_PATIENTS',
    effect: 'npm start seeds this many patients per demo tenant',
    async check(context) {
      const { patients, logs } = await launches(context);
      expect(patients.seeding).toEqual({ acme: 3, globex: 3 });
      expect(logs.seeding.find((line) => line.msg === 'seeding demo data')).toMatchObject({ patientsPerTenant: 3 });
      expect(loadConfig({}).SEED_PATIENTS).toBe(200);
    },
  },
  {
    variable: 'SEED_ON_START',
    effect: 'npm start seeds a database without demo data (auto, the default), or never; production refuses always',
    covered: 'tests/e2e/production-recipe.e2e.ts',
    async check(context) {
      const { env } = await production(context);
      expect(() => loadConfig({ ...env, SEED_ON_START: 'always' })).toThrow(/SEED_ON_START: production never seeds/);
      expect(() => loadConfig({ ...env, SEED_ON_START: 'never' })).not.toThrow();
      const { patients, stdout } = await launches(context);
      expect(patients).toEqual({ quiet: {}, seeding: { acme: 3, globex: 3 } });
      expect([stdout.quiet.includes('demo data seeded'), stdout.seeding.includes('demo data seeded')]).toEqual([
        false,
        true,
      ]);
    },
  },
];
