// APQ fails open while Redis is away: a hash alone is a miss (the client resends the document), a document still runs, never a 500.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { tokenFor } from '@caregraph/platform/testing';
import { WARN, capturedLog, linesFrom } from './support/captured-log';
import { postById, sha256 } from './support/persisted';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis';

let redis: RestartableRedis;
// Registered before the platforms' hooks, so it runs after they have stopped.
afterAll(() => redis?.stop());
const platforms = usePlatforms();
const { log, lines } = capturedLog();
let platform: RunningPlatform;
let token: string;

beforeAll(async () => {
  redis = await startRestartableRedis();
  platform = await platforms.start({ REDIS_URL: redis.url, APQ_TTL_SECONDS: '300' }, log);
  token = await tokenFor('reception@acme.test');
});

const query = `query Q${randomUUID().replaceAll('-', '')} { practitioners(first: 2) { nodes { id } } }`;
const id = sha256(query);
/** What the store holds for the document, read with a connection of the test's own. */
const stored = async () => {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
  try {
    return await client.get(`caregraph:apq:${id}`);
  } finally {
    client.disconnect();
  }
};

describe('APQ while Redis is down', () => {
  it('answers a registered hash alone with PERSISTED_QUERY_NOT_FOUND and HTTP 200, and the document with data', async () => {
    const registered = await postById(platform.gatewayUrl, token, id, { query });
    expect([registered.status, codes(registered)]).toEqual([200, []]);
    expect(await stored()).toBe(query);

    await redis.kill();
    const hashAlone = await postById(platform.gatewayUrl, token, id);
    expect([hashAlone.status, codes(hashAlone)]).toEqual([200, ['PERSISTED_QUERY_NOT_FOUND']]);
    const withDocument = await postById(platform.gatewayUrl, token, id, { query });
    expect([withDocument.status, codes(withDocument)]).toEqual([200, []]);
    expect(withDocument.body.data).toEqual(registered.body.data);
    expect([(await postById(platform.gatewayUrl, token, id)).status]).toEqual([200]);

    // Said once for the whole outage, without the hash or the document.
    const warnings = linesFrom(lines, WARN).filter(([, , message]) => message.includes('APQ'));
    expect(warnings).toEqual([[WARN, 'gateway', 'Redis unreachable: APQ lookups miss until it is back']]);
    expect(JSON.stringify(lines)).not.toContain(id);
  });

  it('stores the document again once an empty Redis is back', async () => {
    await redis.start();
    expect(await stored()).toBeNull();
    // The gateway's connection comes back by itself; until it has, the document runs unstored.
    await vi.waitFor(
      async () => {
        const response = await postById(platform.gatewayUrl, token, id, { query });
        expect([response.status, codes(response)]).toEqual([200, []]);
        expect(await stored()).toBe(query);
      },
      { timeout: 15_000, interval: 100 },
    );
    const hashAlone = await postById(platform.gatewayUrl, token, id);
    expect([hashAlone.status, codes(hashAlone)]).toEqual([200, []]);
  });
});
