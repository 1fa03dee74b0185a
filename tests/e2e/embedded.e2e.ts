// `npm start` end to end: the embedded platform as a real process, a dev token, one graph over HTTP.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, postGraphQL } from '@caregraph/platform/testing';
import { startNpm } from '../support/npm-start';

const dataDir = mkdtempSync(join(tmpdir(), 'caregraph-e2e-'));
let child: ChildProcess;
let gatewayUrl: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const [gateway, patient, appointment, prescription, audit] = await freePorts(5);
  env = {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    SEED_PATIENTS: '20',
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(gateway),
    PATIENT_PORT: String(patient),
    APPOINTMENT_PORT: String(appointment),
    PRESCRIPTION_PORT: String(prescription),
    AUDIT_PORT: String(audit),
  };
  ({ child, gatewayUrl } = await startNpm(env));
}, 120_000);

afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

function token(login: string) {
  return spawnSync('npm', ['run', '--silent', 'token', '--', login], { env, encoding: 'utf8' });
}

describe('npm start (embedded mode)', () => {
  it('serves the seeded graph to a token from `npm run token`', async () => {
    const issued = token('doctor@acme.test');
    expect(issued.status).toBe(0);
    expect(issued.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const response = await postGraphQL(gatewayUrl, {
      query: `{ me { tenantId roles } patients(first: 2) { nodes { mrn appointments(first: 1) { nodes { status practitioner { role } } } } } }`,
      token: issued.stdout.trim(),
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.me).toEqual({ tenantId: 'acme', roles: ['DOCTOR'] });
    expect(response.body.data?.patients.nodes.map((p: { mrn: string }) => p.mrn)).toEqual([
      'ACME-000001',
      'ACME-000003',
    ]);
  });

  it('reports ready with all four subgraphs up', async () => {
    const ready = await fetch(gatewayUrl.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
  });

  it('`npm run token` refuses an unknown login, listing the seeded ones on stderr only', () => {
    const issued = token('mallory@acme.test');
    expect(issued.status).toBe(2);
    expect(issued.stdout).toBe('');
    expect(issued.stderr).toContain('doctor@acme.test');
  });
});
