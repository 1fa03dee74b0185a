// Verifies the bearer tokens clients send (and signs development ones) with jose.
import { SignJWT, errors as joseErrors, importPKCS8, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config';
import { unauthenticated } from '../errors';
import { DEV_TOKEN_ALG, type DevKeys } from './dev-keys';
import { claimsFromIdentity, identityClaims, identityFromClaims, type Identity } from './identity';
import { resolveVerificationKeys } from './verification-keys';

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity>;

/**
 * Builds the verifier for `Authorization: Bearer <jwt>`: algorithms pinned, issuer and
 * audience checked, `iat` required and neither in the future nor older than
 * AUTH_MAX_TOKEN_AGE_SECONDS, a lifetime (exp − iat) no longer than that either, clock skew of
 * AUTH_CLOCK_SKEW_SECONDS, and the claims validated with their role rules. Keys come from
 * AUTH_JWKS_URL, AUTH_PUBLIC_KEY or, outside production only, the development key.
 */
export async function createTokenVerifier(config: Config, devKeys?: DevKeys): Promise<TokenVerifier> {
  const algorithms = config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY ? config.AUTH_ALGORITHMS : [DEV_TOKEN_ALG];
  const keys = await resolveVerificationKeys(config, devKeys);
  const maxAge = config.AUTH_MAX_TOKEN_AGE_SECONDS;
  const skew = config.AUTH_CLOCK_SKEW_SECONDS;
  const verified = new VerifiedTokens();
  return async (authorization) => {
    const token = bearerToken(authorization);
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        requiredClaims: ['exp', 'sub', 'iat'],
        maxTokenAge: maxAge,
        clockTolerance: skew,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('Token is invalid');
      throw error;
    }
    const issuedAt = payload.iat!;
    if (payload.exp! - issuedAt > maxAge + skew) throw unauthenticated('Token lifetime exceeds the maximum token age');
    const claims = identityClaims.safeParse(payload);
    if (!claims.success)
      throw unauthenticated(`Token claims are invalid: ${describeClaimIssue(claims.error.issues[0]!)}`);
    const identity = identityFromClaims(claims.data);
    verified.set(token, identity, Math.min(payload.exp!, issuedAt + maxAge));
    return identity;
  };
}

/** Names the claim and the rule it broke, never its value. */
function describeClaimIssue(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
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
