// docker-compose.yml (there is no Docker engine in CI): every service exists and its command runs a real script.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const appServices = ['init', 'gateway', 'patient', 'appointment', 'prescription', 'audit'];

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
    const entry = /^tsx (\S+\.ts)$/.exec(script!)?.[1];
    expect(entry && existsSync(entry), `${script} must run an existing file`).toBe(true);
  });

  it.each(appServices)('%s reaches Postgres through DATABASE_URL and listens on all interfaces', (name) => {
    const { environment } = compose.services[name]!;
    expect(environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(environment?.HOST).toBe('0.0.0.0');
    expect(environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('builds from a Dockerfile that installs with npm ci', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toContain('RUN npm ci');
  });
});
