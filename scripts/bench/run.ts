// `npm run bench [-- <name> …]`: every benchmark (or the named ones) in turn, each comparing targets side by side.
import { buildDemoData, runMain, type Database } from '@caregraph/platform';
import { benchAuditCost } from './audit-cost';
import { openBenchDatabase } from './bench-database';
import { benchGateways } from './gateways/run';
import { benchLimitsOverhead } from './limits-overhead';
import { benchShieldCost } from './shield-cost';

const BENCHMARKS: Record<string, (database: Database) => Promise<void>> = {
  gateways: benchGateways,
  shield: benchShieldCost,
  audit: (database) => benchAuditCost(database, buildDemoData(1)[0]!.patients[0]!.id),
  limits: () => benchLimitsOverhead(),
};

/** The benchmarks named on the command line, in their usual order; all of them when none is named. */
function selected(names: string[]): string[] {
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length) {
    throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  }
  return Object.keys(BENCHMARKS).filter((name) => names.length === 0 || names.includes(name));
}

runMain(
  async () => {
    const names = selected(process.argv.slice(2));
    const patients = Number(process.env.SEED_PATIENTS ?? 2000);
    const database = await openBenchDatabase(patients);
    console.log(`Bench database: caregraph_bench, ${patients} patients per tenant`);
    for (const name of names) await BENCHMARKS[name]!(database);
    await database.close();
  },
  { exitWhenDone: true },
);
