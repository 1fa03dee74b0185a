// Development tokens for the seeded logins, signed with the test run's dev key.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys, type DevKeys } from '../auth/dev-keys';
import { signDevToken } from '../auth/user-tokens';
import { demoLogins } from '../seed/demo-data';
import type { Identity, Role } from '../auth/identity';

/** Where test runs keep their dev keys (shared by the files of one run). */
export const TEST_DATA_DIR = process.env.CAREGRAPH_TEST_DATA_DIR ?? join(tmpdir(), 'caregraph-test');

export const TEST_AUTH = { AUTH_ISSUER: 'caregraph-dev', AUTH_AUDIENCE: 'caregraph' } as const;

export function testDevKeys(): Promise<DevKeys> {
  return loadOrCreateDevKeys(TEST_DATA_DIR);
}

export function identityOf(login: string): Identity {
  const match = demoLogins().find((candidate) => candidate.login === login);
  if (!match) throw new Error(`No seeded login ${login}`);
  return match.identity;
}

export async function tokenFor(login: string, ttlSeconds = 600): Promise<string> {
  return signDevToken(await testDevKeys(), TEST_AUTH, identityOf(login), ttlSeconds);
}

/** A dev token for a user no other request uses, so its rate-limit bucket starts full. */
export async function freshToken(roles: Role[] = ['receptionist'], extra: Partial<Identity> = {}): Promise<string> {
  return signDevToken(await testDevKeys(), TEST_AUTH, { userId: randomUUID(), tenantId: 'acme', roles, ...extra });
}
