// One traffic policy per subgraph, shared by both doors of the gateway; their state for the readiness report.
import { SUBGRAPH_NAMES, trafficSettings, type Config, type SubgraphName } from '@caregraph/platform';
import { createTrafficPolicy, type TrafficPolicy, type TrafficReport } from './policy';

export type TrafficPolicies = Record<SubgraphName, TrafficPolicy>;

export function createTrafficPolicies(config: Config): TrafficPolicies {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, createTrafficPolicy(trafficSettings(config, name))]),
  ) as TrafficPolicies;
}

/** Each subgraph's breaker state, retries sent and fetches refused while open. */
export function trafficReport(policies: TrafficPolicies): Record<SubgraphName, TrafficReport> {
  return Object.fromEntries(Object.entries(policies).map(([name, policy]) => [name, policy.report()])) as Record<
    SubgraphName,
    TrafficReport
  >;
}
