// Verifies the bearer tokens clients send (and signs development ones) with jose.
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  importPKCS8,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config';
import { unauthenticated } from '../errors';
import { DEV_TOKEN_ALG, type DevKeys } from './dev-keys';
import { claimsFromIdentity, identityClaims, identityFromClaims, type Identity } from './identity';

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity>;

/**
 * Builds the verifier for `Authorization: Bearer <jwt>`: algorithms pinned, issuer and
 * audience checked, claims validated. Keys come from AUTH_JWKS_URL, AUTH_PUBLIC_KEY or, outside
 * production only, the development key.
 */
export async function createTokenVerifier(config: Config, devKeys?: DevKeys): Promise<TokenVerifier> {
  const algorithms = config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY ? config.AUTH_ALGORITHMS : [DEV_TOKEN_ALG];
  const keys = await resolveVerificationKeys(config, devKeys);
  const verified = new VerifiedTokens();
  return async (authorization) => {
    const token = bearerToken(authorization);
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        requiredClaims: ['exp', 'sub'],
      });
      const claims = identityClaims.safeParse(payload);
      if (!claims.success) throw unauthenticated('Token claims are invalid');
      const identity = identityFromClaims(claims.data);
      verified.set(token, identity, payload.exp!);
      return identity;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('Token is invalid');
      throw error;
    }
  };
}

async function resolveVerificationKeys(config: Config, devKeys?: DevKeys): Promise<JWTVerifyGetKey> {
  if (config.AUTH_JWKS_URL)
    return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), {
      cooldownDuration: config.AUTH_JWKS_COOLDOWN_SECONDS * 1000,
      timeoutDuration: 5000,
    });
  if (config.AUTH_PUBLIC_KEY) {
    const key = await importSPKI(config.AUTH_PUBLIC_KEY, config.AUTH_ALGORITHMS[0]!);
    return async () => key;
  }
  if (!devKeys || config.NODE_ENV === 'production') {
    throw new Error('No token verification key: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY');
  }
  return createLocalJWKSet({ keys: [devKeys.token.publicJwk] });
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw unauthenticated('Missing bearer token');
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
  if (!match) throw unauthenticated('Malformed Authorization header');
  return match[1]!;
}

/** Signs a development user token with the dev key (for `npm run token` and tests). */
export async function signDevToken(
  devKeys: DevKeys,
  config: Pick<Config, 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
  identity: Identity,
  ttlSeconds = 3600,
): Promise<string> {
  const key = await importPKCS8(devKeys.token.privateKeyPem, DEV_TOKEN_ALG);
  return new SignJWT({ ...claimsFromIdentity(identity) })
    .setProtectedHeader({ alg: DEV_TOKEN_ALG, kid: devKeys.token.kid, typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(identity.userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/**
 * Tokens already verified, until they expire (at most five minutes): a client sends the same
 * token with every request, and checking its signature each time was a large share of the
 * gateway's CPU. Bounded; the oldest entries go first.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; until: number }>();

  get(token: string): Identity | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (entry.until <= Date.now() / 1000) {
      this.entries.delete(token);
      return null;
    }
    return entry.identity;
  }

  set(token: string, identity: Identity, expiresAt: number): void {
    if (this.entries.size >= 10_000) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { identity, until: Math.min(expiresAt, Date.now() / 1000 + 300) });
  }
}
