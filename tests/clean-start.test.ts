// A clean start on real Postgres and a Redis without the audit stream logs nothing at warn level or above.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { WARN, capturedLog, linesFrom } from './support/captured-log';
import { waitForLedger } from './support/ledger';
import { startTestPlatform } from './support/platform';
import { REDIS_URL, freshRedisPrefix, keysUnder, removeKeysUnder } from './support/redis-keys';

const redis = new Redis(REDIS_URL);
const prefix = freshRedisPrefix('clean-start');
afterAll(async () => {
  await removeKeysUnder(redis, prefix);
  redis.disconnect();
});

describe('a clean start with Redis', () => {
  it('creates the audit stream and its group, stores the first request’s events, and logs no warning or error', async () => {
    const { log, lines } = capturedLog('info');
    expect(await keysUnder(redis, prefix)).toEqual([]);
    const database = await openTestDatabase();
    const platform = await startTestPlatform(database, { REDIS_URL, REDIS_PREFIX: prefix }, log);
    try {
      const response = await postGraphQL(platform.gatewayUrl, {
        query: '{ patients(first: 1) { nodes { mrn } } }',
        token: await tokenFor('doctor@acme.test'),
      });
      const requestId = response.headers.get('x-request-id')!;
      expect(response.body.data).toEqual({ patients: { nodes: [{ mrn: 'ACME-000001' }] } });
      // Stored: the writer has created the group, compacted, read and appended by now.
      expect((await waitForLedger(database, requestId, 1)).map((row) => row.resource_type)).toEqual(['Patient']);
    } finally {
      await platform.stop();
      await database.close();
    }
    expect(linesFrom(lines, WARN)).toEqual([]);
    expect(await redis.xinfo('GROUPS', `${prefix}audit`)).toHaveLength(1);
  });
});
