// Partners run only their registered operations, by id; other clients' ids and free-form documents are refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { buildDemoData, signDevToken } from '@caregraph/platform';
import {
  TEST_AUTH,
  TEST_SEED_PATIENTS,
  identityOf,
  postGraphQL,
  testDevKeys,
  tokenFor,
} from '@caregraph/platform/testing';
import { manifestOperation, postById, sha256 } from './support/persisted';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';

const platforms = usePlatforms();
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const directory = manifestOperation('partner-booking', 'PractitionerDirectory');
const book = manifestOperation('partner-booking', 'BookAppointment');
let platform: RunningPlatform;
let partner: string;

beforeAll(async () => {
  platform = await platforms.start({});
  partner = await tokenFor('partner@acme.test');
});

describe('a partner (client partner-booking)', () => {
  it('runs an operation of its manifest by id', async () => {
    const response = await postById(platform.gatewayUrl, partner, directory.id, { variables: { first: 3 } });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.practitioners.nodes).toHaveLength(3);
  });

  it('books through its manifest operation', async () => {
    const response = await postById(platform.gatewayUrl, partner, book.id, {
      variables: {
        input: {
          patientId: acme!.patients[2]!.id,
          practitionerId: acme!.practitioners[5]!.id,
          startsAt: '2034-01-09T09:00:00Z',
          endsAt: '2034-01-09T09:30:00Z',
        },
      },
    });
    expect(response.body.data?.bookAppointment.status).toBe('BOOKED');
  });

  it('is refused a free-form document with PERSISTED_QUERY_REQUIRED, before any subgraph call', async () => {
    const before = platform.stats.subgraphFetches;
    const response = await postGraphQL(platform.gatewayUrl, {
      query: directory.body,
      variables: { first: 3 },
      token: partner,
    });
    expect(codes(response)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it('is refused a free-form document sent with GET, before any subgraph call', async () => {
    const before = platform.stats.subgraphFetches;
    const url = `${platform.gatewayUrl}?query=${encodeURIComponent(directory.body)}&variables=${encodeURIComponent('{"first":3}')}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${partner}`, 'apollo-require-preflight': 'true' },
    });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };
    expect(response.status).toBe(400);
    expect(body.errors?.map((error) => error.extensions.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(body.data).toBeUndefined();
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it('is told to send a registered id with POST when it uses GET', async () => {
    const before = platform.stats.subgraphFetches;
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: directory.id } });
    const url = `${platform.gatewayUrl}?extensions=${encodeURIComponent(extensions)}&variables=${encodeURIComponent('{"first":3}')}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${partner}`, 'apollo-require-preflight': 'true' },
    });
    const body = (await response.json()) as { errors?: Array<{ message: string; extensions: { code: string } }> };
    expect(response.status).toBe(400);
    expect(body.errors?.map((error) => [error.extensions.code, error.message])).toEqual([
      ['BAD_REQUEST', 'This client sends its registered operations with POST'],
    ]);
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it.each([
    ['an id from another client manifest', manifestOperation('front-desk', 'PatientSearch').id],
    ['an unknown id', sha256('query Unknown { me { userId } }')],
  ])('is refused %s with PERSISTED_QUERY_NOT_FOUND', async (_name, id) => {
    const before = platform.stats.subgraphFetches;
    expect(codes(await postById(platform.gatewayUrl, partner, id, { variables: { search: 'a' } }))).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it('is refused a tampered body sent with a valid id: 400 BAD_USER_INPUT naming query, before any subgraph call', async () => {
    const before = platform.stats.subgraphFetches;
    const tampered = directory.body.replace(
      'specialty',
      'specialty\n      schedule(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { id }',
    );
    const response = await postById(platform.gatewayUrl, partner, directory.id, { query: tampered });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'query'],
    ]);
    expect(platform.stats.subgraphFetches).toBe(before);
  });
});

describe('a partner token whose client has no manifest', () => {
  it.each([
    ['a free-form document', () => ({ query: directory.body, variables: { first: 3 } })],
    [
      'a registered id of another client',
      () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: directory.id } } }),
    ],
  ])('is refused %s with 403 FORBIDDEN, before any subgraph call', async (_name, request) => {
    const token = await signDevToken(await testDevKeys(), TEST_AUTH, {
      ...identityOf('partner@acme.test'),
      clientId: 'unregistered-portal',
    });
    const before = platform.stats.subgraphFetches;
    const response = await postGraphQL(platform.gatewayUrl, { query: '', ...request(), token });
    expect(response.status).toBe(403);
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data ?? null).toBeNull();
    expect(platform.stats.subgraphFetches).toBe(before);
  });
});

describe('front-end clients', () => {
  const receptionWith = async (clientId: string) => {
    return signDevToken(await testDevKeys(), TEST_AUTH, { ...identityOf('reception@acme.test'), clientId });
  };

  it('send any document unless TRUSTED_DOCUMENTS_CLIENTS binds them', async () => {
    const token = await receptionWith('front-desk');
    const free = await postGraphQL(platform.gatewayUrl, { query: '{ me { userId } }', token });
    expect(codes(free)).toEqual([]);
    const bound = await platforms.start({ TRUSTED_DOCUMENTS_CLIENTS: 'front-desk' });
    expect(codes(await postGraphQL(bound.gatewayUrl, { query: '{ me { userId } }', token }))).toEqual([
      'PERSISTED_QUERY_REQUIRED',
    ]);
    const search = manifestOperation('front-desk', 'PatientSearch');
    expect(codes(await postById(bound.gatewayUrl, token, search.id, { variables: { search: 'ACME-000001' } }))).toEqual(
      [],
    );
  });
});

describe('operations', () => {
  it('log-unknown mode lets an unregistered document through and logs what would have been refused', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    const logged = await platforms.start({ TRUSTED_DOCUMENTS_MODE: 'log-unknown' }, pino({ level: 'warn' }, sink));
    const response = await postGraphQL(logged.gatewayUrl, {
      query: '{ practitioners(first: 1) { nodes { id } } }',
      token: partner,
    });
    expect(codes(response)).toEqual([]);
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg.startsWith('untrusted document'));
    expect(warning).toMatchObject({ client: 'partner-booking', code: 'PERSISTED_QUERY_REQUIRED' });
  });

  it('reloads the manifests on demand (SIGHUP), picking up a newly registered operation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caregraph-manifests-'));
    try {
      writeFileSync(join(dir, 'partner-booking.json'), readFileSync('schema/persisted/partner-booking.json'));
      const reloading = await platforms.start({ TRUSTED_DOCUMENTS_DIR: dir });
      const body = 'query PartnerPing {\n  me {\n    userId\n  }\n}';
      const id = sha256(body);
      expect(codes(await postById(reloading.gatewayUrl, partner, id))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const manifest = JSON.parse(readFileSync(join(dir, 'partner-booking.json'), 'utf8'));
      manifest.operations.push({ id, name: 'PartnerPing', type: 'query', body });
      writeFileSync(join(dir, 'partner-booking.json'), JSON.stringify(manifest));
      reloading.reloadTrustedDocuments();
      expect(codes(await postById(reloading.gatewayUrl, partner, id))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['not JSON', () => '{"format": "apollo-persisted-query-manifest", "operations": ['],
    ['not a manifest', () => JSON.stringify({ hello: 'world' })],
    [
      'an operation whose id is not the hash of its body',
      () =>
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [
            { id: sha256('query A { me { userId } }'), name: 'B', type: 'query', body: 'query B { me { roles } }' },
          ],
        }),
    ],
  ])('keeps serving the previous manifests when a reload finds one %s, and logs its file name', async (_name, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'caregraph-manifests-'));
    try {
      writeFileSync(join(dir, 'partner-booking.json'), readFileSync('schema/persisted/partner-booking.json'));
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
      const reloading = await platforms.start({ TRUSTED_DOCUMENTS_DIR: dir }, pino({ level: 'error' }, sink));
      writeFileSync(join(dir, 'broken.json'), text());
      expect(reloading.reloadTrustedDocuments()).toBe(false);
      const response = await postById(reloading.gatewayUrl, partner, directory.id, { variables: { first: 3 } });
      expect(codes(response)).toEqual([]);
      expect(response.body.data?.practitioners.nodes).toHaveLength(3);
      const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
      expect(logged.map((entry) => [entry.msg, entry.file])).toEqual([
        ['trusted documents not reloaded; the previous manifests stay in force', join(dir, 'broken.json')],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
