// The gateway as `npm run start:gateway` assembles it (subgraph URLs from configuration), and a stand-in subgraph recording what reaches it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES, createLogger, listen, loadConfig, subgraphUrl, type SubgraphName } from '@caregraph/platform';
import { TEST_DATA_DIR, testDevKeys } from '@caregraph/platform/testing';
import { assembleGateway } from '../../gateway/src/assemble';

/** One root field of each subgraph, so that a query reaches exactly that subgraph. */
export const QUERY_FOR: Record<SubgraphName, string> = {
  patient: '{ me { userId } }',
  appointment: '{ appointments(first: 1) { nodes { id } } }',
  prescription: '{ prescription(id: "00000000-0000-4000-8000-000000000000") { id } }',
  audit: '{ auditIntegrity { ok } }',
};

/** A path of the recording subgraph that answers `{ me { userId: "slow" } }` only after this many milliseconds. */
export const SLOW_PATH = '/slow/graphql';
const SLOW_MS = 300;

export interface Recorded {
  path: string;
  assertion: string | undefined;
  /** Resolves true when the gateway closed the request before the answer was written. */
  aborted: Promise<boolean>;
}

export interface RecordingSubgraph {
  port: number;
  origin: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Records every POST; answers at once with an error, or after SLOW_MS with data on SLOW_PATH. */
export async function startRecordingSubgraph(): Promise<RecordingSubgraph> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const aborted = new Promise<boolean>((resolve) => res.once('close', () => resolve(!res.writableEnded)));
    requests.push({
      path: req.url ?? '',
      assertion: req.headers['x-caregraph-assertion'] as string | undefined,
      aborted,
    });
    const answer = (body: unknown) => {
      if (res.destroyed) return;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.url === SLOW_PATH) setTimeout(() => answer({ data: { me: { userId: 'slow' } } }), SLOW_MS);
    else answer({ data: null, errors: [{ message: 'recorded' }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `gateway/src/main.ts` in process: each subgraph at `subgraphUrl(config, name)`, dev keys outside production. */
export async function startServicesGateway(env: NodeJS.ProcessEnv): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: TEST_DATA_DIR, ...env });
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(config, name)])) as Record<
    SubgraphName,
    string
  >;
  const gateway = await assembleGateway(config, createLogger('silent', 'gateway'), urls, await testDevKeys());
  const listening = await listen(gateway.app, 0, '127.0.0.1');
  return {
    url: `${listening.url}/graphql`,
    close: async () => {
      await listening.close();
      await gateway.close();
    },
  };
}
