// `npm run compose`: writes the supergraph and the analytics contract, or prints the composition errors and fails.
import { writeFileSync } from 'node:fs';
import {
  ANALYTICS_SCHEMA_FILE,
  ANALYTICS_SUPERGRAPH_FILE,
  SUPERGRAPH_FILE,
  apiSchemaSdl,
  composeAnalyticsSupergraph,
  composeSupergraph,
  type Composition,
} from './lib/supergraph';

function orExit(what: string, result: Composition): string {
  if (result.ok) return result.supergraphSdl;
  process.stderr.write(
    `Composition of ${what} failed:\n${result.errors.map((message) => `  - ${message}`).join('\n')}\n`,
  );
  process.exit(1);
}

const supergraph = orExit('the supergraph', composeSupergraph());
const analytics = orExit('the analytics contract', composeAnalyticsSupergraph());
writeFileSync(SUPERGRAPH_FILE, supergraph);
writeFileSync(ANALYTICS_SUPERGRAPH_FILE, analytics);
writeFileSync(ANALYTICS_SCHEMA_FILE, apiSchemaSdl(analytics));
process.stdout.write(`Wrote ${SUPERGRAPH_FILE}, ${ANALYTICS_SUPERGRAPH_FILE}, ${ANALYTICS_SCHEMA_FILE}\n`);
