// Token validation from the attacker's side: key confusion, timing claims, JWKS rotation, production keys.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, importPKCS8, type GenerateKeyPairResult, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { TEST_AUTH, identityOf, postGraphQL, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import { usePlatforms } from './support/platform';
import { productionEnv } from './support/production';

const QUERY = '{ me { userId } }';
const doctor = identityOf('doctor@acme.test');
const claims = { sub: doctor.userId, tenant_id: 'acme', roles: ['doctor'] };
const platforms = usePlatforms();

function platformWith(env: NodeJS.ProcessEnv): Promise<RunningPlatform> {
  return platforms.start(env);
}

function codeOf(response: Awaited<ReturnType<typeof postGraphQL>>) {
  return [response.status, response.body.errors?.[0]?.extensions?.code];
}

describe('development key (default configuration)', () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await platformWith({});
  });

  it('401 for an HS256 token whose secret is the public key (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode((await testDevKeys()).token.publicKeyPem);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: (await testDevKeys()).token.kid })
      .setIssuer(TEST_AUTH.AUTH_ISSUER)
      .setAudience(TEST_AUTH.AUTH_AUDIENCE)
      .setExpirationTime('5m')
      .sign(secret);
    expect(codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  async function devSigned(configure: (jwt: SignJWT) => SignJWT) {
    const keys = await testDevKeys();
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: keys.token.kid })
      .setIssuer(TEST_AUTH.AUTH_ISSUER);
    return configure(jwt).sign(await importPKCS8(keys.token.privateKeyPem, 'ES256'));
  }

  it('401 for a token that is not valid yet (nbf in the future)', async () => {
    const token = await devSigned((jwt) =>
      jwt.setAudience(TEST_AUTH.AUTH_AUDIENCE).setNotBefore('10m').setExpirationTime('20m'),
    );
    expect(codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('401 for a token without an audience', async () => {
    const token = await devSigned((jwt) => jwt.setExpirationTime('5m'));
    expect(codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('401 for a token without an expiry', async () => {
    const token = await devSigned((jwt) => jwt.setAudience(TEST_AUTH.AUTH_AUDIENCE));
    expect(codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token }))).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('an identity provider key set (AUTH_JWKS_URL)', () => {
  let server: Server;
  let fetches = 0;
  const published: JWK[] = [];
  const current = generateKeyPair('ES256', { extractable: true });
  const rotated = generateKeyPair('ES256', { extractable: true });
  let platform: RunningPlatform;

  const sign = async (key: Promise<GenerateKeyPairResult>, kid: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer('https://idp.example')
      .setAudience('caregraph-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign((await key).privateKey);

  beforeAll(async () => {
    published.push({ ...(await exportJWK((await current).publicKey)), kid: 'current', alg: 'ES256' });
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    platform = await platformWith({
      AUTH_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'caregraph-api',
      AUTH_JWKS_COOLDOWN_SECONDS: '1',
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token signed with a published key', async () => {
    const response = await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await sign(current, 'current') });
    expect(response.body.data).toEqual({ me: { userId: doctor.userId } });
  });

  it('refuses the development key once a real key set is configured', async () => {
    expect(
      codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await tokenFor('doctor@acme.test') })),
    ).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('401 for an unknown kid, refetching the key set at most once per cooldown', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = fetches;
    const token = await sign(rotated, 'rotated');
    for (let i = 0; i < 10; i++) {
      expect(codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token }))).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect(fetches - before).toBe(1);
  });

  it('accepts a rotated key once the provider publishes it and the cooldown has passed', async () => {
    published.push({ ...(await exportJWK((await rotated).publicKey)), kid: 'rotated', alg: 'ES256' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await sign(rotated, 'rotated') });
    expect(response.body.data).toEqual({ me: { userId: doctor.userId } });
  });
});

describe('production', () => {
  it('refuses development tokens when a real public key is configured', async () => {
    const idp = await generateKeyPair('ES256', { extractable: true });
    const platform = await platformWith(await productionEnv(idp.publicKey));
    expect(
      codeOf(await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await tokenFor('doctor@acme.test') })),
    ).toEqual([401, 'UNAUTHENTICATED']);
    const real = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(TEST_AUTH.AUTH_ISSUER)
      .setAudience(TEST_AUTH.AUTH_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(idp.privateKey);
    expect((await postGraphQL(platform.gatewayUrl, { query: QUERY, token: real })).body.data).toEqual({
      me: { userId: doctor.userId },
    });
  });
});
