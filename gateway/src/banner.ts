// What `npm start` prints once the platform listens: where it is and how to ask it (a dev token only outside production).
import type { Config } from '@caregraph/platform';

export interface BannerFacts {
  gatewayUrl: string;
  databaseKind: string;
  seconds: string;
  /** Whether demo data was seeded at this start. */
  seeded: boolean;
}

const QUICK_START_QUERY =
  '{ me { roles practitioner { name { family } } } patients(first: 2) { nodes { mrn name { given family } appointments(first: 1) { nodes { startsAt status } } } } }';

/**
 * The start banner. In production it names no development command (`npm run token` is refused
 * there): tokens come from the identity provider, and no demo data is ever seeded at start.
 */
export function startBanner(config: Pick<Config, 'NODE_ENV' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>, facts: BannerFacts) {
  const health = facts.gatewayUrl.replace(/\/graphql$/, '/health/ready');
  if (config.NODE_ENV === 'production') {
    return `
Caregraph is running in production (${facts.databaseKind}, ready in ${facts.seconds} s)

  Gateway   ${facts.gatewayUrl}
  Health    ${health}

  Requests need a token from your identity provider, verified with AUTH_JWKS_URL or AUTH_PUBLIC_KEY
  (issuer ${config.AUTH_ISSUER}, audience ${config.AUTH_AUDIENCE}):
    curl -s ${facts.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
      -d '{"query":"{ me { tenantId roles } }"}'

`;
  }
  return `
Caregraph is running (${facts.databaseKind}, ready in ${facts.seconds} s${facts.seeded ? ', demo data seeded' : ''})

  Gateway   ${facts.gatewayUrl}
  Health    ${health}

  Get a token (valid 1 h) for a seeded login, e.g. doctor@acme.test:
    TOKEN=$(npm run -s token -- doctor@acme.test)

  Ask the graph:
    curl -s ${facts.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
      -d '{"query":"${QUICK_START_QUERY}"}'

`;
}
