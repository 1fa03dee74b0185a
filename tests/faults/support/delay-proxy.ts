// An HTTP proxy between the gateway and one subgraph: adds a delay to each GraphQL request, counts them, and looks like a dead process when the subgraph is gone.
import { Agent, createServer, request } from 'node:http';

export interface DelayProxy {
  /** Its `/graphql` address (what the gateway is given as the subgraph's URL). */
  url: string;
  /** Added before each POST is passed on (health checks pass at once). */
  delayMs: number;
  /** POSTs received so far: fetches the gateway made to the subgraph. */
  readonly received: number;
  /** POSTs received and not yet answered. */
  readonly inFlight: number;
  close(): Promise<void>;
}

/**
 * Listens on a free loopback port and passes every request on to `upstream` (an origin). A POST
 * whose client gave up during the delay is not passed on. When the subgraph cannot be reached the
 * client's connection is destroyed, as a dead process's would be.
 */
export async function startDelayProxy(upstream: string): Promise<DelayProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  let received = 0;
  let inFlight = 0;
  const proxy = {
    delayMs: 0,
    get received() {
      return received;
    },
    get inFlight() {
      return inFlight;
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const post = req.method === 'POST';
    // Before an answer is written, a closed response means the client went away.
    let closed = false;
    res.once('close', () => {
      closed = true;
      if (post) inFlight--;
    });
    if (post) {
      received++;
      inFlight++;
    }
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const forward = () => {
        if (closed) return;
        const outgoing = request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(res);
          },
        );
        outgoing.once('error', () => req.socket.destroy());
        outgoing.end(Buffer.concat(chunks));
      };
      if (post && proxy.delayMs > 0) setTimeout(forward, proxy.delayMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  });
}
