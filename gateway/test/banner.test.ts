// The start banner: a development token command outside production only.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@caregraph/platform';
import { startBanner } from '../src/banner';

const facts = { gatewayUrl: 'http://127.0.0.1:4000/graphql', databaseKind: 'postgres', seconds: '2.5', seeded: false };

describe('startBanner', () => {
  it('in development, shows how to get a token for a seeded login', () => {
    const banner = startBanner(loadConfig({}), { ...facts, databaseKind: 'pglite', seeded: true });
    expect(banner).toContain('Caregraph is running (pglite, ready in 2.5 s, demo data seeded)\n');
    expect(banner).toContain('    TOKEN=$(npm run -s token -- doctor@acme.test)\n');
    expect(banner).toContain('  Health    http://127.0.0.1:4000/health/ready\n');
  });

  it('in production, names the identity provider and no development command', () => {
    const banner = startBanner(
      { NODE_ENV: 'production', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'caregraph' },
      facts,
    );
    expect(banner).toContain('Caregraph is running in production (postgres, ready in 2.5 s)\n');
    expect(banner).toContain('  (issuer https://idp.example, audience caregraph):\n');
    expect(banner).not.toMatch(/npm run|token --|seeded/);
  });
});
