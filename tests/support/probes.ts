// Sending one operation as a seeded login and reading whether it was refused as FORBIDDEN.
import { postGraphQL, tokenFor, type GraphQLResponse } from '@caregraph/platform/testing';

export const ROLE_LOGINS = [
  'admin',
  'doctor',
  'nurse',
  'reception',
  'patient1',
  'partner',
  'analyst',
  'auditor',
] as const;
export type RoleLogin = (typeof ROLE_LOGINS)[number];

export interface Probe {
  /** What is probed, e.g. "read Patient.phone". */
  name: string;
  query: string;
  variables?: (login: RoleLogin) => Record<string, unknown>;
  /** The logins that may; every other one must get FORBIDDEN. */
  allowed: readonly RoleLogin[];
}

export async function send(url: string, login: string, query: string, variables?: Record<string, unknown>) {
  return postGraphQL(url, {
    query,
    variables,
    token: await tokenFor(login.includes('@') ? login : `${login}@acme.test`),
  });
}

export function codes(response: GraphQLResponse): unknown[] {
  return (response.body.errors ?? []).map((error) => error.extensions?.code);
}

/** Every (probe, login) pair with the outcome the matrix requires. */
export function matrixCases(probes: readonly Probe[]): Array<[string, RoleLogin, 'allowed' | 'FORBIDDEN', Probe]> {
  return probes.flatMap((probe) =>
    ROLE_LOGINS.map(
      (login) =>
        [probe.name, login, probe.allowed.includes(login) ? 'allowed' : 'FORBIDDEN', probe] as [
          string,
          RoleLogin,
          'allowed' | 'FORBIDDEN',
          Probe,
        ],
    ),
  );
}

/** The traffic part of the gateway's readiness when no subgraph has failed: every breaker closed, no retry sent. */
export const UNTROUBLED_TRAFFIC = {
  breakers: { patient: 'closed', appointment: 'closed', prescription: 'closed', audit: 'closed' },
  retries: { patient: 0, appointment: 0, prescription: 0, audit: 0 },
} as const;
