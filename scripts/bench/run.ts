// `npm run bench [-- <name> …]`: every benchmark (or the named ones) in turn, each comparing targets side by side.
import { buildDemoData, runMain, type Database } from '@caregraph/platform';
import { benchAuditCost } from './audit-cost';
import { benchAuditHandoff } from './audit-handoff';
import { openBenchDatabase } from './bench-database';
import { benchGateways } from './gateways/run';
import { benchLimitsOverhead } from './limits-overhead';
import { benchShieldCost } from './shield-cost';

/** Each benchmark, given the bench database (opened, and seeded if need be, on first use). */
const BENCHMARKS: Record<string, (database: () => Promise<Database>) => Promise<void>> = {
  gateways: async (database) => benchGateways(await database()),
  shield: async (database) => benchShieldCost(await database()),
  audit: async (database) => benchAuditCost(await database(), buildDemoData(1)[0]!.patients[0]!.id),
  limits: () => benchLimitsOverhead(),
  handoff: () => benchAuditHandoff(),
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
    let opened: Promise<Database> | undefined;
    const database = () =>
      (opened ??= openBenchDatabase(patients).then((database) => {
        console.log(`Bench database: caregraph_bench, ${patients} patients per tenant`);
        return database;
      }));
    for (const name of names) await BENCHMARKS[name]!(database);
    if (opened) await (await opened).close();
  },
  { exitWhenDone: true },
);
