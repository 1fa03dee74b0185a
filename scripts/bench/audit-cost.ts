// What the audit hand-off adds to a typical request: access recording on and off, same run, on real Redis.
import type { Database } from '@caregraph/platform';
import { comparePlatforms } from './compare-platforms';
import { PATIENT_CHART } from './queries';

export function benchAuditCost(database: Database, patientId: string): Promise<void> {
  return comparePlatforms(database, {
    title: 'Audit hand-off on a typical query (one patient chart as doctor@acme.test), access events to a Redis Stream',
    query: PATIENT_CHART,
    variables: { id: patientId },
    login: 'doctor@acme.test',
    requestsPerRound: 100,
    env: { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    targets: { audited: {}, 'not audited': { recordAccess: false } },
  });
}
