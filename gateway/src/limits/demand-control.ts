// Cost limits and cost-based rate limits: estimate, refuse or charge before execution; report on every response.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode, type Config } from '@caregraph/platform';
import { secondsUntil, type CostBucket } from '../budget/bucket';
import { budgetFor, principalKey } from '../budget/principal';
import type { GatewayContext } from '../context';
import type { CostMap } from './cost-map';
import { estimateCost } from './estimate-cost';
import { checkIntrospection, checkOperationType } from './operation-checks';
import { checkVariableValues } from './variable-checks';

export interface CostReport {
  estimated: number;
  throttle?: { capacity: number; available: number; restoreRate: number };
}

export function demandControlPlugin(
  config: Config,
  costMap: CostMap,
  bucket: CostBucket,
): ApolloServerPlugin<GatewayContext> {
  const costOptions = { costMap, defaultListSize: config.COST_DEFAULT_LIST_SIZE };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema, contextValue }) {
          if (!operation) return;
          checkOperationType(schema, operation);
          checkIntrospection(config, contextValue.identity, document, operation);
          // Before the estimate, which reads slicing arguments from the variables.
          checkVariableValues(schema, operation, request.variables ?? {}, config.VARIABLE_STRING_MAX);
          const estimated = estimateCost(schema, document, operation, request.variables ?? {}, costOptions);
          const report: CostReport = { estimated };
          contextValue.cost = report;
          if (estimated > config.MAX_COST) {
            throw new GraphQLError(`Operation cost ${estimated} exceeds the limit of ${config.MAX_COST}`, {
              extensions: {
                code: ErrorCode.CostLimitExceeded,
                cost: { estimated, limit: config.MAX_COST },
                http: { status: 400 },
              },
            });
          }
          const budget = budgetFor(contextValue.identity, config);
          // A request never refills its own bucket, whatever its estimate.
          const draw = await bucket.draw(principalKey(contextValue.identity), Math.max(0, estimated), budget);
          report.throttle = {
            capacity: budget.capacity,
            available: Math.floor(draw.available),
            restoreRate: budget.restoreRate,
          };
          if (!draw.allowed) {
            const retryAfter = secondsUntil(draw.available, estimated, budget);
            throw new GraphQLError(`Rate limit reached: this operation costs ${estimated}; retry in ${retryAfter} s`, {
              extensions: {
                code: ErrorCode.RateLimited,
                cost: report,
                http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
              },
            });
          }
        },
        async willSendResponse({ response, contextValue }) {
          const report = contextValue.cost;
          if (!report) return;
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          }
          if (report.throttle) {
            const { capacity, available, restoreRate } = report.throttle;
            response.http.headers.set('ratelimit-limit', String(capacity));
            response.http.headers.set('ratelimit-remaining', String(available));
            response.http.headers.set(
              'ratelimit-reset',
              String(secondsUntil(available, capacity, { capacity, restoreRate })),
            );
          }
        },
      };
    },
  };
}
