// The gateway's per-request context: verified identity, the gateway-minted request id, cost report.
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { ErrorCode, type Config, type Identity, type TokenVerifier } from '@caregraph/platform';
import { secondsUntil, type CostBucket } from './budget/bucket';
import { anonymousBudget } from './budget/principal';
import type { RequestBody, TrustedDocuments } from './documents/trusted-documents';
import { checkDoor, type Door } from './doors';
import { withRequestId } from './errors';
import type { CostReport } from './limits/demand-control';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  /** The client's own x-request-id, for correlation in the log only. */
  clientRequestId?: string;
  cost?: CostReport;
}

export interface ContextOptions {
  door: Door;
  config: Config;
  verifyToken: TokenVerifier;
  bucket: CostBucket;
  trustedDocuments: TrustedDocuments;
}

/**
 * Verifies the bearer token (401 UNAUTHENTICATED otherwise), checks the door, and holds bound
 * clients to their registered operations. Refused token attempts draw from a per-IP bucket,
 * so a flood of bad tokens turns into 429 RATE_LIMITED.
 */
export function createContextBuilder({ door, config, verifyToken, bucket, trustedDocuments }: ContextOptions) {
  const budget = anonymousBudget(config);
  const build = async (req: Request): Promise<GatewayContext> => {
    const ipKey = `ip:${req.ip ?? 'unknown'}`;
    const authorization = req.header('authorization');
    if (!authorization) await refuseWhenExhausted(bucket, ipKey, budget);
    let identity: Identity;
    try {
      identity = await verifyToken(authorization);
    } catch (error) {
      if (authorization) await refuseWhenExhausted(bucket, ipKey, budget);
      throw error;
    }
    checkDoor(door, identity);
    for (const body of bodiesOf(req)) trustedDocuments.apply(identity, body, req.method);
    return { identity, requestId: req.requestId, clientRequestId: req.clientRequestId };
  };
  // Refusals here (401, 403, 429, trusted documents) skip Apollo's request plugins: they get the request id here.
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    try {
      return await build(req);
    } catch (error) {
      throw withRequestId(error, req.requestId);
    }
  };
}

/** The operation bodies of a request: the JSON body (one, or a batch), or the GET query string. */
function bodiesOf(req: Request): RequestBody[] {
  if (req.method === 'GET') {
    const extensions = typeof req.query.extensions === 'string' ? safeJson(req.query.extensions) : undefined;
    return [{ query: req.query.query as string | undefined, extensions } as RequestBody];
  }
  return Array.isArray(req.body)
    ? (req.body as RequestBody[])
    : req.body && typeof req.body === 'object'
      ? [req.body as RequestBody]
      : [];
}

function safeJson(text: string): RequestBody['extensions'] {
  try {
    return JSON.parse(text) as RequestBody['extensions'];
  } catch {
    return undefined;
  }
}

async function refuseWhenExhausted(bucket: CostBucket, key: string, budget: { capacity: number; restoreRate: number }) {
  const draw = await bucket.draw(key, 1, budget);
  if (draw.allowed) return;
  const retryAfter = secondsUntil(draw.available, 1, budget);
  throw new GraphQLError('Too many unauthenticated requests', {
    extensions: {
      code: ErrorCode.RateLimited,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
    },
  });
}
