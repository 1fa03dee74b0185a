// One health scheme for all five services: /health/live and /health/ready, the gateway's readiness built on the subgraphs'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { SUBGRAPH_NAMES, openDatabase, type Database } from '@caregraph/platform';
import { openTestDatabase, freePort } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';
import { UNTROUBLED_TRAFFIC } from './support/probes';

const get = async (url: string) => {
  const response = await fetch(url);
  return {
    status: response.status,
    body: response.headers.get('content-type')?.includes('json') ? await response.json() : null,
  };
};
const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');

/** Starts a platform on `open()`'s database for the suite, stops it afterwards. */
function platformOn(open: () => Promise<Database>) {
  const handle = {} as { platform: RunningPlatform; database: Database };
  beforeAll(async () => {
    handle.database = await open();
    handle.platform = await startTestPlatform(handle.database);
  });
  afterAll(async () => {
    await handle.platform?.stop();
    await handle.database?.close();
  });
  return handle;
}

describe('while the database answers', () => {
  const running = platformOn(openTestDatabase);

  it.each(SUBGRAPH_NAMES)('the %s subgraph is live and ready, and has no other health route', async (name) => {
    const url = base(running.platform.subgraphUrls[name]);
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok', subgraph: name } });
    const ledger = name === 'audit' ? { ledger: { pending: 0, undelivered: 0, deadLettered: 0 } } : {};
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 200,
      body: { status: 'ok', subgraph: name, database: 'ok', ...ledger },
    });
    expect((await get(`${url}/health`)).status).toBe(404);
    expect((await get(`${url}/health/audit`)).status).toBe(404);
  });

  it('the gateway is live, and ready because every subgraph is', async () => {
    const url = base(running.platform.gatewayUrl);
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 200,
      body: {
        status: 'ok',
        subgraphs: { patient: 'ok', appointment: 'ok', prescription: 'ok', audit: 'ok' },
        ...UNTROUBLED_TRAFFIC,
      },
    });
  });
});

describe('while the database does not answer', () => {
  const running = platformOn(async () =>
    openDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/caregraph_test_nowhere`, poolMax: 1 }),
  );

  it.each(SUBGRAPH_NAMES)('the %s subgraph is live but not ready', async (name) => {
    const url = base(running.platform.subgraphUrls[name]);
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok', subgraph: name } });
    const ledger = name === 'audit' ? { ledger: { pending: 0, undelivered: 0, deadLettered: 0 } } : {};
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 503,
      body: { status: 'unavailable', subgraph: name, database: 'unavailable', ...ledger },
    });
  });

  it('the gateway is live but not ready, naming every subgraph unavailable', async () => {
    const url = base(running.platform.gatewayUrl);
    expect((await get(`${url}/health/live`)).status).toBe(200);
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        subgraphs: {
          patient: 'unavailable',
          appointment: 'unavailable',
          prescription: 'unavailable',
          audit: 'unavailable',
        },
        ...UNTROUBLED_TRAFFIC,
      },
    });
  });
});
