// The prescription subgraph's de-identified aggregates: prescriptions per drug, small cells suppressed.
import { and, countDistinct, eq, gte, lt, sql } from 'drizzle-orm';
import { parseDayRange, type AnalyticsScope } from '@caregraph/platform';
import type { DrugCount, QueryPrescriptionCountsArgs } from './__generated__/resolvers-types';
import { medication, prescription } from './db/schema';

/**
 * Prescriptions (not medication lines) of the caller's tenant issued on the UTC days
 * `from`..`to`, per drug code in ascending order; the name is any name recorded for the code.
 */
export async function prescriptionCounts(
  analytics: AnalyticsScope,
  { from, to }: QueryPrescriptionCountsArgs,
): Promise<DrugCount[]> {
  const { start, end } = parseDayRange(from, to);
  const { tenantId } = analytics;
  const rows = await analytics.run((tx) =>
    tx
      .select({
        drugCode: medication.drugCode,
        drugName: sql<string>`min(${medication.drugName})`,
        count: countDistinct(medication.prescriptionId),
      })
      .from(medication)
      .innerJoin(
        prescription,
        and(eq(prescription.tenantId, medication.tenantId), eq(prescription.id, medication.prescriptionId)),
      )
      .where(
        and(
          eq(medication.tenantId, tenantId),
          eq(prescription.tenantId, tenantId),
          gte(prescription.issuedAt, start),
          lt(prescription.issuedAt, end),
        ),
      )
      .groupBy(medication.drugCode)
      .orderBy(medication.drugCode),
  );
  return rows.map(({ count, ...drug }) => ({ ...drug, ...analytics.cell(count) }));
}
