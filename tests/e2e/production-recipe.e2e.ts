// The README's production recipe run as written: its openssl keys and environment, migrate, `npm start`, one request.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, loadConfig } from '@caregraph/platform';
import { freePorts, postGraphQL } from '@caregraph/platform/testing';
import { startNpm, type StartedNpm } from '../support/npm-start';
import { fencedBlocks, readmeSection } from '../support/readme';
import { REDIS_URL, freshRedisPrefix, removeKeysUnder } from '../support/redis-keys';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';
import { UNTROUBLED_TRAFFIC } from '../support/probes';

const [keys, standInIdp, environment, commands] = fencedBlocks(readmeSection('Production'), 'sh') as [
  string,
  string,
  string,
  string,
];
const dir = mkdtempSync(join(tmpdir(), 'caregraph-production-'));
const prefix = freshRedisPrefix('production');
const redis = new Redis(REDIS_URL);
let database: ScratchDatabase;
/** The environment the README's blocks export, as bash leaves it. */
let recipe: NodeJS.ProcessEnv;
/** …with this test's own database, Redis prefix, interface and ports. */
let env: NodeJS.ProcessEnv;
let migrate: { status: number | null; stdout: string; stderr: string };
let started: StartedNpm;

/** Runs the README's key and environment blocks in bash, in `dir`, and returns what they exported. */
function runRecipeBlocks(): NodeJS.ProcessEnv {
  const script = [keys, standInIdp, environment, `node -e 'process.stdout.write(JSON.stringify(process.env))'`];
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script.join('\n')], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the README's recipe failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as NodeJS.ProcessEnv;
}

beforeAll(async () => {
  database = await createScratchDatabase('prod');
  recipe = runRecipeBlocks();
  const ports = await freePorts(5);
  env = {
    ...recipe,
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports[0]),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(ports[i + 1])])),
  };
  // The recipe's last block, minus `npm ci` (this checkout is installed): migrate, then start.
  const migrated = spawnSync('npm', ['run', '-s', 'migrate'], { env, encoding: 'utf8' });
  migrate = { status: migrated.status, stdout: migrated.stdout, stderr: migrated.stderr };
  started = await startNpm(env);
}, 120_000);

afterAll(async () => {
  await started?.stop();
  await database?.drop();
  await removeKeysUnder(redis, prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('the README production recipe', () => {
  it('sets every variable production requires, making the keys with its openssl commands', () => {
    // Only the two placeholders the operator fills in (a database and a Redis) are the test's.
    expect(() => loadConfig({ ...recipe, DATABASE_URL: database.url, REDIS_URL })).not.toThrow();
    expect(recipe.NODE_ENV).toBe('production');
    expect(readFileSync(join(dir, 'assertion.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(recipe.ASSERTION_PUBLIC_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(recipe.AUDIT_CHECKPOINT_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(recipe.ANALYTICS_PSEUDONYM_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(recipe.ANALYTICS_PSEUDONYM_KEY).not.toBe(recipe.AUDIT_CHECKPOINT_KEY);
  });

  it('migrates with npm run migrate, needing nothing else', () => {
    expect(commands).toBe('npm ci\nnpm run migrate\nnpm start\n');
    expect(migrate).toEqual({ status: 0, stdout: 'Migrated (postgres)\n', stderr: '' });
  });

  it('refuses SEED_ON_START=always, naming it', () => {
    const start = spawnSync('npm', ['start', '--silent'], {
      env: { ...env, SEED_ON_START: 'always' },
      encoding: 'utf8',
    });
    expect({ status: start.status, stdout: start.stdout, stderr: start.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'Invalid configuration:\n  SEED_ON_START: production never seeds demo data at start ' +
        '(npm run seed -- --demo-data-in-production does, on purpose)\n',
    });
  });

  it('starts with npm start, printing no development command', () => {
    expect(started.gatewayUrl).toBe(`http://127.0.0.1:${env.GATEWAY_PORT}/graphql`);
    expect(started.output()).toContain('Caregraph is running in production (postgres');
    expect(started.output()).toContain(`  Health    http://127.0.0.1:${env.GATEWAY_PORT}/health/ready\n`);
    expect(started.output()).not.toMatch(/npm run|token --|seeded login/);
  });

  it('is ready, answers a token signed with the key behind AUTH_PUBLIC_KEY the first time, logs no warning', async () => {
    const ready = await fetch(started.gatewayUrl.replace(/\/graphql$/, '/health/ready'));
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: {
        status: 'ok',
        subgraphs: { patient: 'ok', appointment: 'ok', prescription: 'ok', audit: 'ok' },
        ...UNTROUBLED_TRAFFIC,
      },
    });

    const userId = randomUUID();
    const token = await new SignJWT({ tenant_id: 'acme', roles: ['doctor'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(userId)
      .setIssuer(recipe.AUTH_ISSUER!)
      .setAudience(recipe.AUTH_AUDIENCE!)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importPKCS8(readFileSync(join(dir, 'idp.pem'), 'utf8'), 'ES256'));
    const response = await postGraphQL(started.gatewayUrl, {
      query: '{ me { userId tenantId roles } patients(first: 2) { nodes { mrn } } }',
      token,
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    // An empty clinic: nothing was seeded at start.
    expect(response.body.data).toEqual({
      me: { userId, tenantId: 'acme', roles: ['DOCTOR'] },
      patients: { nodes: [] },
    });
    expect(await database.sql`select count(*)::int as n from patient.patient`).toEqual([{ n: 0 }]);

    // The start, readiness and the request logged nothing at warn level or above.
    const logged = started
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; service?: string });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((line) => line.level >= 40).map((line) => [line.level, line.service, line.msg])).toEqual([]);
  });
});
