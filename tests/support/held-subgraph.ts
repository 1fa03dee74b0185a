// A stand-in subgraph that holds every GraphQL request it receives until the test releases it (drain tests).
import { createServer, type ServerResponse } from 'node:http';

export interface HeldSubgraph {
  /** Its `/graphql` address. */
  url: string;
  /** Resolves once a request has arrived and is being held. */
  received: Promise<void>;
  /** Answers the held requests (and any later one at once) with the stand-in's answer. */
  release(): void;
  /** Stops listening, cutting whatever it still holds. */
  close(): Promise<void>;
}

/** Listens on a free loopback port; every POST is answered `200 answer`, but only once released. */
export async function startHeldSubgraph(answer: unknown): Promise<HeldSubgraph> {
  const held: ServerResponse[] = [];
  let released = false;
  let arrived = () => {};
  const received = new Promise<void>((resolve) => (arrived = resolve));
  const respond = (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      if (req.method !== 'POST' || released) return respond(res);
      held.push(res);
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    release() {
      released = true;
      held.splice(0).forEach(respond);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
