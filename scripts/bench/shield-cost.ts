// What field-level authorization costs on a large list query: shield on and off, same run.
import type { Database } from '@caregraph/platform';
import { comparePlatforms } from './compare-platforms';
import { LARGE_LIST } from './queries';

export function benchShieldCost(database: Database): Promise<void> {
  return comparePlatforms(database, {
    title:
      'Field rules (graphql-shield) on a large list query as doctor@acme.test: 100 patients with appointments and prescriptions',
    query: LARGE_LIST,
    login: 'doctor@acme.test',
    requestsPerRound: 40,
    targets: { shield: { recordAccess: false }, 'no shield': { recordAccess: false, enforcePermissions: false } },
  });
}
