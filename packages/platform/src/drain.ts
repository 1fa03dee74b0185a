// Graceful drain of one HTTP listener: readiness says "draining", no new connections, in-flight requests finish within a grace, the rest are cut.
import type { Server, ServerResponse } from 'node:http';

/** What a drain saw: requests in flight when it began, and how many of those (or later ones) had to be cut. */
export interface DrainReport {
  inFlight: number;
  cut: number;
}

/** Apps whose listener is draining (their /health/ready answers 503 `{"status":"draining"}`). */
const drainingApps = new WeakSet<object>();

/** Marks `app` as draining: its readiness turns 503 at once, while it still serves. */
export function markDraining(app: object): void {
  drainingApps.add(app);
}

/** Whether `app` is draining (read by the health routes). */
export function isDraining(app: object): boolean {
  return drainingApps.has(app);
}

/** Adds the reports of several listeners. */
export function sumDrainReports(reports: DrainReport[]): DrainReport {
  return reports.reduce((sum, report) => ({ inFlight: sum.inFlight + report.inFlight, cut: sum.cut + report.cut }), {
    inFlight: 0,
    cut: 0,
  });
}

/**
 * Tracks the requests `server` (serving `app`) has in flight; returns its drain: mark the app
 * draining, stop accepting connections, close idle keep-alive connections, answer every response
 * not yet begun with `Connection: close`, wait for the requests in flight, and after `graceMs`
 * cut the connections still open. Resolves once the server has closed.
 */
export function drainableServer(server: Server, app: object): (graceMs: number) => Promise<DrainReport> {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let onEnded = () => {};
  // Before the app's own listener, so that the header is set before any route answers.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      onEnded();
    });
  });

  return async (graceMs) => {
    markDraining(app);
    draining = true;
    const report: DrainReport = { inFlight: inFlight.size, cut: 0 };
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        report.cut = inFlight.size;
        resolve();
      }, graceMs);
      onEnded = () => {
        // A response begun before the drain keeps its connection alive: close it once idle.
        server.closeIdleConnections();
        if (inFlight.size > 0) return;
        clearTimeout(timer);
        resolve();
      };
      if (inFlight.size === 0) onEnded();
    });
    onEnded = () => {};
    server.closeAllConnections();
    await closed;
    return report;
  };
}
