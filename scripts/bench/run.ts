// `npm run bench`: every benchmark in turn, each comparing targets side by side in the same run.
import { buildDemoData, runMain } from '@caregraph/platform';
import { benchAuditCost } from './audit-cost';
import { openBenchDatabase } from './bench-database';
import { benchGateways } from './gateways/run';
import { benchLimitsOverhead } from './limits-overhead';
import { benchShieldCost } from './shield-cost';

runMain(
  async () => {
    const patients = Number(process.env.SEED_PATIENTS ?? 2000);
    const database = await openBenchDatabase(patients);
    console.log(`Bench database: caregraph_bench, ${patients} patients per tenant`);
    await benchGateways(database);
    await benchShieldCost(database);
    await benchAuditCost(database, buildDemoData(1)[0]!.patients[0]!.id);
    await benchLimitsOverhead();
    await database.close();
  },
  { exitWhenDone: true },
);
