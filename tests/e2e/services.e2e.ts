// Services mode end to end: each of the five started alone (`npm run start:<service>`) on Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '@caregraph/platform';
import { TEST_DATA_DIR, postGraphQL, testDatabaseUrl, tokenFor, freePort } from '@caregraph/platform/testing';

const children: ChildProcess[] = [];
let gatewayUrl: string;

async function waitForReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never became ready`);
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATA_DIR: TEST_DATA_DIR,
    LOG_LEVEL: 'warn',
  };
  env.GATEWAY_PORT = String(await freePort());
  for (const name of SUBGRAPH_NAMES) {
    const port = await freePort();
    env[`${name.toUpperCase()}_PORT`] = String(port);
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  for (const service of [...SUBGRAPH_NAMES, 'gateway']) {
    children.push(spawn('npm', ['run', '--silent', `start:${service}`], { env, stdio: 'ignore', detached: true }));
  }
  gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  await waitForReady(gatewayUrl.replace('/graphql', '/health/ready'), Date.now() + 60_000);
}, 90_000);

afterAll(() => {
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
});

describe('services mode', () => {
  it('answers a query spanning three subgraphs, each in its own process', async () => {
    const response = await postGraphQL(gatewayUrl, {
      query: `{ patients(first: 1) { nodes { mrn appointments(first: 1) { nodes { practitioner { role } prescriptions { id } } } } } }`,
      token: await tokenFor('doctor@acme.test'),
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.patients.nodes[0].mrn).toBe('ACME-000001');
    expect(response.body.data?.patients.nodes[0].appointments.nodes).toHaveLength(1);
  });
});
