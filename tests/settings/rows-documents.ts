// Rows for persisted documents: how long APQ keeps a document, and which clients may run only their manifests.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { signDevToken } from '@caregraph/platform';
import { TEST_AUTH, identityOf, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import { capturedLog } from '../support/captured-log';
import { postById, sha256 } from '../support/persisted';
import type { Row } from './harness';
import { privateRedis, type PrivateRedis } from './private-redis';
import { codes } from '../support/probes';
import { ask } from './requests';

/** Registers a document no one has registered before; returns its APQ key's TTL in seconds. */
async function registeredTtl(platform: RunningPlatform, redis: PrivateRedis) {
  const query = `query Q${randomUUID().replaceAll('-', '')} { me { userId } }`;
  const id = sha256(query);
  expect(codes(await postById(platform.gatewayUrl, await tokenFor('reception@acme.test'), id, { query }))).toEqual([]);
  return redis.client.ttl(`caregraph:apq:${id}`);
}

const PING = 'query PartnerPing {\n  me {\n    userId\n  }\n}';

/** A manifest folder holding only `<client>.json` with the one PartnerPing operation. */
function manifestFolder(dir: string, client: string): string {
  const operations = [{ id: sha256(PING), name: 'PartnerPing', type: 'query', body: PING }];
  writeFileSync(
    join(dir, `${client}.json`),
    JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }),
  );
  return dir;
}

async function receptionOfClient(clientId: string) {
  return signDevToken(await testDevKeys(), TEST_AUTH, { ...identityOf('reception@acme.test'), clientId });
}

export const documentRows: Row[] = [
  {
    variable: 'APQ_TTL_SECONDS',
    effect: 'a registered APQ document is kept this many seconds (the TTL of its Redis key)',
    async check(context) {
      const redis = await privateRedis(context);
      const custom = await context.platform({ REDIS_URL: redis.url, APQ_TTL_SECONDS: '120' });
      const ttl = await registeredTtl(custom, redis);
      expect(ttl).toBeLessThanOrEqual(120);
      expect(ttl).toBeGreaterThan(60);
      const byDefault = await context.platform({ REDIS_URL: redis.url });
      const defaultTtl = await registeredTtl(byDefault, redis);
      expect(defaultTtl).toBeLessThanOrEqual(86_400);
      expect(defaultTtl).toBeGreaterThan(86_340);
    },
  },
  {
    variable: 'TRUSTED_DOCUMENTS_DIR',
    effect: "partners run the operations of their client's manifest in this folder, by id",
    async check({ platform, defaults, tempDir }) {
      const custom = await platform({ TRUSTED_DOCUMENTS_DIR: manifestFolder(tempDir(), 'partner-booking') });
      const partner = await tokenFor('partner@acme.test');
      const response = await postById(custom.gatewayUrl, partner, sha256(PING));
      expect([codes(response), response.body.data]).toEqual([
        [],
        { me: { userId: identityOf('partner@acme.test').userId } },
      ]);
      expect(codes(await postById((await defaults()).gatewayUrl, partner, sha256(PING)))).toEqual([
        'PERSISTED_QUERY_NOT_FOUND',
      ]);
    },
  },
  {
    variable: 'TRUSTED_DOCUMENTS_MODE',
    effect:
      'enforce refuses a bound client anything else; log-unknown lets it through and logs what would have been refused',
    async check({ platform, defaults }) {
      const { log, lines } = capturedLog('warn');
      const custom = await platform({ TRUSTED_DOCUMENTS_MODE: 'log-unknown' }, { log });
      const partner = await tokenFor('partner@acme.test');
      expect(codes(await ask(custom.gatewayUrl, '{ me { userId } }', partner))).toEqual([]);
      expect(lines.filter((line) => line.msg.startsWith('untrusted document'))).toMatchObject([
        { level: 40, client: 'partner-booking', code: 'PERSISTED_QUERY_REQUIRED' },
      ]);
      expect(codes(await ask((await defaults()).gatewayUrl, '{ me { userId } }', partner))).toEqual([
        'PERSISTED_QUERY_REQUIRED',
      ]);
    },
  },
  {
    variable: 'TRUSTED_DOCUMENTS_CLIENTS',
    effect: 'binds the named client ids (not only partners) to their manifests',
    async check({ platform, defaults }) {
      const custom = await platform({ TRUSTED_DOCUMENTS_CLIENTS: 'front-desk' });
      const frontDesk = await receptionOfClient('front-desk');
      expect(codes(await ask(custom.gatewayUrl, '{ me { userId } }', frontDesk))).toEqual(['PERSISTED_QUERY_REQUIRED']);
      expect(codes(await ask(custom.gatewayUrl, '{ me { userId } }', await receptionOfClient('other-app')))).toEqual(
        [],
      );
      expect(codes(await ask((await defaults()).gatewayUrl, '{ me { userId } }', frontDesk))).toEqual([]);
    },
  },
];
