// What the settings rows send: tokens (other issuers, other keys), queries, and what came back.
import { SignJWT, importPKCS8, type CryptoKey, type KeyObject } from 'jose';
import { codes } from '../support/probes';
import { TEST_AUTH, identityOf, postGraphQL, testDevKeys, type GraphQLResponse } from '@caregraph/platform/testing';

export interface SignOptions {
  key?: CryptoKey | KeyObject;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now (negative: in the past). */
  issuedAt?: number;
  expiresIn?: number;
}

/** A user token for `login` signed as an identity provider would: by default with the dev key, issuer and audience. */
export async function signedToken(login: string, options: SignOptions = {}): Promise<string> {
  const identity = identityOf(login);
  const keys = await testDevKeys();
  const alg = options.alg ?? 'ES256';
  const now = Math.floor(Date.now() / 1000);
  const key = options.key ?? (await importPKCS8(keys.token.privateKeyPem, 'ES256'));
  const kid = options.kid ?? (options.key ? undefined : keys.token.kid);
  return new SignJWT({ tenant_id: identity.tenantId, roles: identity.roles })
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setSubject(identity.userId)
    .setIssuer(options.issuer ?? TEST_AUTH.AUTH_ISSUER)
    .setAudience(options.audience ?? TEST_AUTH.AUTH_AUDIENCE)
    .setIssuedAt(now + (options.issuedAt ?? 0))
    .setExpirationTime(now + (options.issuedAt ?? 0) + (options.expiresIn ?? 300))
    .sign(key);
}

/** `[status, codes]`: what a refusal (or its absence) looks like in one assertion. */
export function outcomeOf(response: GraphQLResponse): [number, unknown[]] {
  return [response.status, codes(response)];
}

export function ask(url: string, query: string, token?: string, variables?: Record<string, unknown>) {
  return postGraphQL(url, { query, token, variables });
}

/** The analytics door of a gateway. */
export function analyticsUrl(gatewayUrl: string): string {
  return gatewayUrl.replace(/\/graphql$/, '/analytics/graphql');
}
