// What the audit hand-off adds to a typical request: access recording on and off, same run, on real Redis.
import type { Database } from '@caregraph/platform';
import { BENCH_REDIS_PREFIX, BENCH_REDIS_URL } from './bench-config';
import { comparePlatforms } from './compare-platforms';
import { PATIENT_CHART } from './queries';

export function benchAuditCost(database: Database, patientId: string): Promise<void> {
  return comparePlatforms(database, {
    title: 'Audit hand-off on a typical query (one patient chart as doctor@acme.test), access events to a Redis Stream',
    query: PATIENT_CHART,
    variables: { id: patientId },
    login: 'doctor@acme.test',
    requestsPerRound: 100,
    env: { REDIS_URL: BENCH_REDIS_URL, REDIS_PREFIX: BENCH_REDIS_PREFIX },
    targets: { audited: {}, 'not audited': { recordAccess: false } },
  });
}
