// Subgraph fetches: each carries an identity assertion signed for that subgraph, that request id and that exact body.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  ASSERTION_HEADER,
  REQUEST_ID_HEADER,
  bodyHash,
  type AssertionSigner,
  type Identity,
} from '@caregraph/platform';
import type { GatewayContext } from './context';
import { deduplicateRepresentations, expandEntities } from './representations';
import { SubgraphUnavailableError, type TrafficPolicy } from './traffic/policy';
import { unavailableResponse } from './traffic/unavailable';

/** Carry the caller and the fetch's kind from willSendRequest to the fetcher inside this process; never sent. */
const PENDING_IDENTITY_HEADER = 'x-caregraph-pending-identity';
const RETRYABLE_HEADER = 'x-caregraph-retryable';

export interface FetchStats {
  /** HTTP requests sent to subgraphs (retries included; none while a breaker refuses). */
  subgraphFetches: number;
  /** Entity representations sent to subgraphs (after removing repeats within a fetch). */
  representations: number;
}

export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly sign: AssertionSigner,
    private readonly policy: TrafficPolicy,
    private readonly stats: FetchStats,
  ) {
    super({
      url,
      fetcher: async (input, init) => {
        const headers = { ...(init?.headers as Record<string, string>) };
        const identity = headers[PENDING_IDENTITY_HEADER];
        const retryable = headers[RETRYABLE_HEADER] === 'true';
        delete headers[PENDING_IDENTITY_HEADER];
        delete headers[RETRYABLE_HEADER];
        const attempt = async (signal: AbortSignal) => {
          if (identity) {
            // Signed here, where the body is final (the subgraph hashes the same bytes), and once
            // per attempt: an assertion is single use.
            headers[ASSERTION_HEADER] = await this.sign(JSON.parse(identity) as Identity, {
              audience: this.subgraph,
              requestId: headers[REQUEST_ID_HEADER]!,
              bodyHash: bodyHash(String(init?.body ?? '')),
            });
          }
          this.stats.subgraphFetches++;
          return fetch(input, { ...init, headers, signal });
        };
        return (await this.policy.send(attempt, { retryable })) as never;
      },
    });
  }

  /** A subgraph that cannot answer leaves SUBGRAPH_UNAVAILABLE where its fields would be; the rest of the plan goes on. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await this.processDeduplicated(options);
    } catch (error) {
      if (error instanceof SubgraphUnavailableError) return unavailableResponse(this.subgraph, error, options.request);
      throw error;
    }
  }

  /** Entity fetches carry each distinct representation once; the answer is expanded back. */
  private async processDeduplicated(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request } = options;
    const representations = request.variables?.representations;
    if (!Array.isArray(representations)) return super.process(options);
    const deduplicated = deduplicateRepresentations(representations);
    this.stats.representations += deduplicated ? deduplicated.unique.length : representations.length;
    if (!deduplicated) return super.process(options);
    const response = await super.process({
      ...options,
      request: { ...request, variables: { ...request.variables, representations: deduplicated.unique } },
    });
    return expandEntities(response, deduplicated);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    // Only reads are sent again: a mutation the subgraph may have applied never is.
    headers.set(RETRYABLE_HEADER, String(!/^\s*mutation\b/.test(request.query ?? '')));
    if (!('identity' in context) || !context.identity) return;
    // Handed to the fetcher, which signs one assertion per attempt once the body is serialized.
    headers.set(PENDING_IDENTITY_HEADER, JSON.stringify(context.identity));
    headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
