// Starting and stopping HTTP listeners for the express apps of the gateway and subgraphs.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { drainableServer, type DrainReport } from './drain';

export interface Listening {
  port: number;
  url: string;
  /** Closes at once, cutting whatever is in flight (tests, and a start that failed half-way). */
  close(): Promise<void>;
  /** Stops gracefully: in-flight requests get `graceMs` to finish, then are cut (see drain.ts). */
  drain(graceMs: number): Promise<DrainReport>;
}

/** Listens on host:port (0 = any free port) and resolves once the socket is bound. */
export function listen(app: Express, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.keepAliveTimeout = 65_000;
    const drain = drainableServer(server, app);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
        drain,
      });
    });
  });
}
