// Composes the subgraph SDL files into the supergraph and the analytics contract with @apollo/composition (offline).
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { SUBGRAPH_NAMES, loadConfig, subgraphUrl } from '@caregraph/platform';
import { parse, printSchema } from 'graphql';
import { contractSubgraphSdl } from './contract';

export const SUPERGRAPH_FILE = 'schema/supergraph.graphql';
export const ANALYTICS_SUPERGRAPH_FILE = 'schema/analytics-supergraph.graphql';
export const ANALYTICS_SCHEMA_FILE = 'schema/analytics.graphql';

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

const readSubgraphSdl = (name: string) => readFileSync(`schema/subgraphs/${name}.graphql`, 'utf8');

function compose(sdls: Array<[name: string, sdl: string]>): Composition {
  const config = loadConfig({});
  const result = composeServices(
    sdls.map(([name, sdl]) => ({ name, url: subgraphUrl(config, name as never), typeDefs: parse(sdl) })),
  );
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trimEnd()}\n` };
}

/** The supergraph SDL, with each subgraph's default URL (the gateway overrides them from config). */
export function composeSupergraph(readSdl = readSubgraphSdl): Composition {
  return compose(SUBGRAPH_NAMES.map((name) => [name, readSdl(name)]));
}

/** The analytics contract's supergraph (what the gateway serves at /analytics/graphql). */
export function composeAnalyticsSupergraph(readSdl = readSubgraphSdl): Composition {
  const contracts: Array<[string, string]> = [];
  for (const name of SUBGRAPH_NAMES) {
    const sdl = contractSubgraphSdl(readSdl(name));
    if (sdl) contracts.push([name, sdl]);
  }
  return compose(contracts);
}

/** The client-facing schema of a supergraph (its API schema), printed. */
export function apiSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()).trimEnd()}\n`;
}
