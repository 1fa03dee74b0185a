// createAuditSubgraph: the audit subgraph's app and its ledger writer, built from their parts; it never listens.
import { createSubgraph, subgraphFiles, type SubgraphApp, type SubgraphDeps } from '@caregraph/platform';
import { createContext } from './context';
import { audit } from './audit';
import { startLedgerWriter } from './consumer';
import { permissions } from './permissions';
import { resolvers } from './resolvers';

export const { typeDefs, migrationsFolder } = subgraphFiles('audit');

/**
 * On stop, how long the writer may keep going to store what the last requests published. It runs
 * after the listener's drain (SHUTDOWN_GRACE_MS), so a shutdown takes up to both.
 */
const FINAL_DRAIN_MS = 2000;

export async function createAuditSubgraph(deps: SubgraphDeps): Promise<SubgraphApp> {
  const subgraph = await createSubgraph(
    { name: 'audit', typeDefs, resolvers, permissions, audit, createContext, readiness },
    deps,
  );
  const writer =
    deps.runLedgerWriter === false
      ? null
      : startLedgerWriter({
          stream: deps.auditStream,
          // Its own statement counter: the ledger's appends are not the cost of any one request.
          database: deps.database.withOwnStats(),
          log: deps.log.child({ component: 'ledger-writer' }),
        });
  return {
    ...subgraph,
    stop: async () => {
      await subgraph.stop();
      if (!writer) return;
      if (!(await settleWithin(writer.drained(), FINAL_DRAIN_MS))) {
        const lag = await deps.auditStream.lag().catch(() => 'unavailable');
        deps.log.warn({ lag }, 'ledger writer stopped before storing every access event handed off to it');
      }
      await writer.stop();
    },
  };
}

/** The ledger writer's lag and dead letters, in /health/ready (reported; only the database decides readiness). */
function readiness(deps: SubgraphDeps) {
  return {
    ledger: async () => {
      const { pending, undelivered } = await deps.auditStream.lag();
      return { pending, undelivered, deadLettered: await deps.auditStream.deadLettered() };
    },
  };
}

/** Waits for `work` to settle, at most `ms`; true when it resolved in time. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([
    work.then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  return settled;
}
