// docker-compose.yml (there is no Docker engine in CI): every service exists, runs a real script and has a working healthcheck.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPH_NAMES } from '@caregraph/platform';
import { openTestDatabase, freePort } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const appServices = ['init', 'gateway', 'patient', 'appointment', 'prescription', 'audit'];
/** The long-running services and the port each listens on in its container (the defaults). */
const SERVICE_PORTS = { gateway: 4000, patient: 4001, appointment: 4002, prescription: 4003, audit: 4004 };

describe('docker-compose.yml', () => {
  it('defines postgres, redis, the init job and one container per service', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...appServices, 'postgres', 'redis'].sort());
  });

  it.each(appServices)('%s runs an npm script that exists and points at an existing file', (name) => {
    const service = compose.services[name]!;
    expect(service.build).toBe('.');
    expect(service.command?.slice(0, 2)).toEqual(['npm', 'run']);
    const script = scripts[service.command![2]!];
    expect(script, `package.json has no script ${service.command![2]}`).toBeDefined();
    const entry = /^(?:tsx|exec node --import tsx) (\S+\.ts)$/.exec(script!)?.[1];
    expect(entry && existsSync(entry), `${script} must run an existing file`).toBe(true);
  });

  it.each(appServices)('%s reaches Postgres through DATABASE_URL and listens on all interfaces', (name) => {
    const { environment } = compose.services[name]!;
    expect(environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(environment?.HOST).toBe('0.0.0.0');
    expect(environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it.each(Object.entries(SERVICE_PORTS))('%s is healthy while its /health/ready answers on port %i', (name, port) => {
    expect(compose.services[name]!.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.ts', String(port)]);
  });

  it('keeps Redis on an append-only file, fsynced on every write, in a named volume (no audit event lost)', () => {
    const redis = compose.services.redis!;
    const option = (name: string) => redis.command?.[redis.command.indexOf(`--${name}`) + 1];
    expect(redis.command?.[0]).toBe('redis-server');
    expect([option('appendonly'), option('appendfsync')]).toEqual(['yes', 'always']);
    // The image's working directory, where the append-only file is written.
    const volume = redis.volumes?.find((mount) => mount.endsWith(':/data'))?.split(':')[0];
    expect(volume && volume in compose.volumes, 'a named volume mounted at /data').toBe(true);
  });

  it('starts the gateway once every subgraph is healthy', () => {
    const dependsOn = compose.services.gateway!.depends_on ?? {};
    expect(SUBGRAPH_NAMES.map((name) => [name, dependsOn[name]?.condition])).toEqual(
      SUBGRAPH_NAMES.map((name) => [name, 'service_healthy']),
    );
  });

  it('has a healthcheck command that exits 0 on a ready service and 1 where nothing answers', async () => {
    const database = await openTestDatabase();
    const platform = await startTestPlatform(database);
    try {
      const check = async (port: string) =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ['scripts/healthcheck.ts', port], { stdio: 'ignore' }).once('exit', resolve),
        );
      expect(await check(new URL(platform.subgraphUrls.patient).port)).toBe(0);
      expect(await check(new URL(platform.gatewayUrl).port)).toBe(0);
      expect(await check(String(await freePort()))).toBe(1);
    } finally {
      await platform.stop();
      await database.close();
    }
  });

  it('builds from a Dockerfile that installs with npm ci', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toContain('RUN npm ci');
  });
});
