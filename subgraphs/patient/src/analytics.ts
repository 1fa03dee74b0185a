// The patient subgraph's de-identified aggregates: patients counted by age band and sex, small cells suppressed.
import { count, eq, sql, type SQL } from 'drizzle-orm';
import type { AnalyticsScope } from '@caregraph/platform';
import type { PatientCount, QueryPatientCountsArgs } from './__generated__/resolvers-types';
import { patient } from './db/schema';

const years = sql`date_part('year', age(current_date, ${patient.birthDate}))`;

/**
 * Age in whole years at `current_date`, banded. Written without bind parameters, so the
 * same text in the select list and GROUP BY is one expression to Postgres.
 */
const ageBand = sql<string>`case when ${years} < 18 then '0-17' when ${years} < 40 then '18-39' when ${years} < 65 then '40-64' else '65+' end`;
const noKey = sql<null>`null`;

/** Patients of the caller's tenant per age band and/or sex, ordered by age band then sex. */
export async function patientCounts(
  analytics: AnalyticsScope,
  { groupBy }: QueryPatientCountsArgs,
): Promise<PatientCount[]> {
  const byAge = groupBy !== 'SEX';
  const bySex = groupBy !== 'AGE_BAND';
  const keys: SQL[] = [...(byAge ? [ageBand] : []), ...(bySex ? [sql`${patient.sex}`] : [])];
  const rows = await analytics.run((tx) =>
    tx
      .select({
        ageBand: byAge ? ageBand : noKey,
        sex: bySex ? sql<PatientCount['sex']>`${patient.sex}` : noKey,
        count: count(),
      })
      .from(patient)
      .where(eq(patient.tenantId, analytics.tenantId))
      .groupBy(...keys)
      .orderBy(...keys),
  );
  return rows.map(({ count, ...group }) => ({ ...group, ...analytics.cell(count) }));
}
