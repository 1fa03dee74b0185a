// What the gateway's limits cost a typical query: graphql-js validation alone vs with shape rules and cost estimation.
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { buildCostMap } from '../../gateway/src/limits/cost-map';
import { estimateCost } from '../../gateway/src/limits/estimate-cost';
import { shapeRules } from '../../gateway/src/limits/shape-rules';
import { median } from './measure';
import { PATIENT_CHART } from './queries';

export async function benchLimitsOverhead(): Promise<void> {
  const sdl = readFileSync('schema/supergraph.graphql', 'utf8');
  const schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
  const costMap = buildCostMap(sdl);
  const rules = shapeRules({ maxDepth: 10, maxAliases: 30, maxDirectives: 20, maxRootFields: 25 });
  const targets = {
    'graphql-js rules': () => validate(schema, parse(PATIENT_CHART), specifiedRules),
    '+ limits and cost': () => {
      const document = parse(PATIENT_CHART, { maxTokens: 1000 });
      validate(schema, document, [...specifiedRules, ...rules]);
      estimateCost(schema, document, getOperationAST(document)!, { id: 'x' }, { costMap, defaultListSize: 10 });
    },
  };
  const ITERATIONS = 2000;
  const ROUNDS = 7;
  const perRound: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (const run of Object.values(targets)) for (let i = 0; i < 500; i++) run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(targets)) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < ITERATIONS; i++) run();
      perRound[name]!.push(Number(process.hrtime.bigint() - started) / 1e3 / ITERATIONS);
    }
  }
  console.log(
    `\nParse + validate a typical query (patient chart, ${ITERATIONS} × ${ROUNDS} rounds, alternating), µs per operation`,
  );
  for (const [name, values] of Object.entries(perRound)) {
    console.log(
      `${name.padEnd(20)} median ${median(values).toFixed(1).padStart(7)}   rounds ${values.map((v) => v.toFixed(1)).join(' ')}`,
    );
  }
  const ratios = perRound['+ limits and cost']!.map((value, i) => value / perRound['graphql-js rules']![i]!);
  console.log(
    `with ÷ without: median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`,
  );
}
