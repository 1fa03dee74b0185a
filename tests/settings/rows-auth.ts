// Rows for user tokens: issuer, audience, keys, algorithms, key-set refetching, token age and clock skew.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLError } from 'graphql';
import { exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { expect, vi } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { createTokenVerifier, loadConfig, type TokenVerifier } from '@caregraph/platform';
import { TEST_DATA_DIR, testDevKeys } from '@caregraph/platform/testing';
import type { Row, RowContext } from './harness';
import { ask, outcomeOf, signedToken } from './requests';

const LOGIN = 'doctor@acme.test';

/** The verifier the gateway builds (assemble.ts) from this configuration, with the test run's dev keys. */
async function verifierFor(env: NodeJS.ProcessEnv): Promise<TokenVerifier> {
  return createTokenVerifier(loadConfig({ NODE_ENV: 'test', DATA_DIR: TEST_DATA_DIR, ...env }), await testDevKeys());
}

/** 'accepted', or the refusal's code and message. */
async function verdict(verify: TokenVerifier, token: string): Promise<string> {
  try {
    await verify(`Bearer ${token}`);
    return 'accepted';
  } catch (error) {
    return `${(error as GraphQLError).extensions?.code}: ${(error as Error).message}`;
  }
}

const INVALID = 'UNAUTHENTICATED: Token is invalid';
const EXPIRED = 'UNAUTHENTICATED: Token has expired';

async function meOutcome(platform: RunningPlatform, token: string) {
  return outcomeOf(await ask(platform.gatewayUrl, '{ me { userId } }', token));
}

/** A key-set endpoint publishing `keys`, counting its fetches; closed when the row ends. */
async function keySetServer(context: RowContext, keys: JWK[]) {
  const server = createServer((_req, res) => {
    served.fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  const served = { fetches: 0, url: '' };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  context.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return served;
}

async function providerKey(kid: string) {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { ...pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' } as JWK };
}

export const authRows: Row[] = [
  {
    variable: 'AUTH_ISSUER',
    effect: 'a token from another issuer is 401',
    async check({ platform, defaults }) {
      const custom = await platform({ AUTH_ISSUER: 'https://idp.example' });
      const theirs = await signedToken(LOGIN, { issuer: 'https://idp.example' });
      const ours = await signedToken(LOGIN);
      expect(await meOutcome(custom, theirs)).toEqual([200, []]);
      expect(await meOutcome(custom, ours)).toEqual([401, ['UNAUTHENTICATED']]);
      expect(await meOutcome(await defaults(), theirs)).toEqual([401, ['UNAUTHENTICATED']]);
    },
  },
  {
    variable: 'AUTH_AUDIENCE',
    effect: 'a token for another audience is 401',
    async check({ platform, defaults }) {
      const custom = await platform({ AUTH_AUDIENCE: 'caregraph-api' });
      const theirs = await signedToken(LOGIN, { audience: 'caregraph-api' });
      const ours = await signedToken(LOGIN);
      expect(await meOutcome(custom, theirs)).toEqual([200, []]);
      expect(await meOutcome(custom, ours)).toEqual([401, ['UNAUTHENTICATED']]);
      expect(await meOutcome(await defaults(), theirs)).toEqual([401, ['UNAUTHENTICATED']]);
    },
  },
  {
    variable: 'AUTH_JWKS_URL',
    effect: "tokens are verified with the identity provider's key set instead of the development key",
    async check(context) {
      const key = await providerKey('idp-1');
      const keySet = await keySetServer(context, [key.jwk]);
      const fromProvider = await signedToken(LOGIN, { key: key.privateKey, kid: 'idp-1' });
      const custom = await verifierFor({ AUTH_JWKS_URL: keySet.url });
      expect([await verdict(custom, fromProvider), await verdict(custom, await signedToken(LOGIN))]).toEqual([
        'accepted',
        INVALID,
      ]);
      expect(keySet.fetches).toBe(1);
      const byDefault = await verifierFor({});
      expect([await verdict(byDefault, fromProvider), await verdict(byDefault, await signedToken(LOGIN))]).toEqual([
        INVALID,
        'accepted',
      ]);
    },
  },
  {
    variable: 'AUTH_PUBLIC_KEY',
    effect: 'tokens are verified with this PEM public key (\\n escapes allowed) instead of the development key',
    async check() {
      const key = await generateKeyPair('ES256', { extractable: true });
      const escaped = (await exportSPKI(key.publicKey)).trim().replaceAll('\n', '\\n');
      const fromProvider = await signedToken(LOGIN, { key: key.privateKey });
      const custom = await verifierFor({ AUTH_PUBLIC_KEY: escaped });
      expect([await verdict(custom, fromProvider), await verdict(custom, await signedToken(LOGIN))]).toEqual([
        'accepted',
        INVALID,
      ]);
      const byDefault = await verifierFor({});
      expect([await verdict(byDefault, fromProvider), await verdict(byDefault, await signedToken(LOGIN))]).toEqual([
        INVALID,
        'accepted',
      ]);
    },
  },
  {
    variable: 'AUTH_ALGORITHMS',
    effect: 'only the listed signature algorithms are accepted for AUTH_PUBLIC_KEY / AUTH_JWKS_URL',
    async check() {
      // A node KeyObject, not a WebCrypto key (those are bound to one algorithm).
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicKey = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const ps256 = await signedToken(LOGIN, { key: rsa.privateKey, alg: 'PS256' });
      const rs256 = await signedToken(LOGIN, { key: rsa.privateKey, alg: 'RS256' });
      const onlyPs = await verifierFor({ AUTH_PUBLIC_KEY: publicKey, AUTH_ALGORITHMS: 'PS256' });
      expect([await verdict(onlyPs, ps256), await verdict(onlyPs, rs256)]).toEqual(['accepted', INVALID]);
      const both = await verifierFor({ AUTH_PUBLIC_KEY: publicKey, AUTH_ALGORITHMS: 'RS256,PS256' });
      expect([await verdict(both, ps256), await verdict(both, rs256)]).toEqual(['accepted', 'accepted']);
      await expect(verifierFor({ AUTH_PUBLIC_KEY: publicKey })).rejects.toThrow(
        /AUTH_ALGORITHMS: ES256 cannot be verified with AUTH_PUBLIC_KEY/,
      );
    },
  },
  {
    variable: 'AUTH_JWKS_COOLDOWN_SECONDS',
    effect: 'a token with an unknown key id refetches the key set at most once per this many seconds',
    async check(context) {
      const known = await providerKey('known');
      const unknown = await providerKey('unknown');
      const now = Date.now();
      const clock = vi.spyOn(Date, 'now');
      context.defer(() => clock.mockRestore());
      /** Fetches of the key set after a known token now, and a token of an unknown key id `later` seconds on. */
      const fetchesAfter = async (env: NodeJS.ProcessEnv, later: number) => {
        const keySet = await keySetServer(context, [known.jwk]);
        const verify = await verifierFor({ AUTH_JWKS_URL: keySet.url, ...env });
        clock.mockReturnValue(now);
        expect(await verdict(verify, await signedToken(LOGIN, { key: known.privateKey, kid: 'known' }))).toBe(
          'accepted',
        );
        clock.mockReturnValue(now + later * 1000);
        expect(await verdict(verify, await signedToken(LOGIN, { key: unknown.privateKey, kid: 'unknown' }))).toBe(
          INVALID,
        );
        return keySet.fetches;
      };
      expect(await fetchesAfter({ AUTH_JWKS_COOLDOWN_SECONDS: '5' }, 4)).toBe(1);
      expect(await fetchesAfter({ AUTH_JWKS_COOLDOWN_SECONDS: '5' }, 6)).toBe(2);
      expect(await fetchesAfter({}, 6)).toBe(1);
      expect(await fetchesAfter({}, 31)).toBe(2);
    },
  },
  {
    variable: 'AUTH_MAX_TOKEN_AGE_SECONDS',
    effect: 'a token issued longer ago than this, or living longer than this (exp − iat), is refused',
    async check() {
      const old = await signedToken(LOGIN, { issuedAt: -200, expiresIn: 300 });
      const long = await signedToken(LOGIN, { expiresIn: 1000 });
      const custom = await verifierFor({ AUTH_MAX_TOKEN_AGE_SECONDS: '120' });
      expect([await verdict(custom, old), await verdict(custom, long)]).toEqual([
        EXPIRED,
        'UNAUTHENTICATED: Token lifetime exceeds the maximum token age',
      ]);
      const byDefault = await verifierFor({});
      expect([await verdict(byDefault, old), await verdict(byDefault, long)]).toEqual(['accepted', 'accepted']);
    },
  },
  {
    variable: 'AUTH_CLOCK_SKEW_SECONDS',
    effect: 'exp, nbf and iat are checked with this tolerance (a token issued further in the future is refused)',
    async check() {
      const future = await signedToken(LOGIN, { issuedAt: 60, expiresIn: 240 });
      const justExpired = await signedToken(LOGIN, { issuedAt: -100, expiresIn: 90 });
      const wide = await verifierFor({ AUTH_CLOCK_SKEW_SECONDS: '120' });
      const none = await verifierFor({ AUTH_CLOCK_SKEW_SECONDS: '0' });
      const byDefault = await verifierFor({});
      expect([await verdict(wide, future), await verdict(byDefault, future)]).toEqual(['accepted', INVALID]);
      expect([await verdict(none, justExpired), await verdict(byDefault, justExpired)]).toEqual([EXPIRED, 'accepted']);
    },
  },
];
