// Liveness and readiness: ready only when every subgraph's own /health/ready answers 200, and not while draining.
import type { Express } from 'express';
import { isDraining } from '@caregraph/platform';
import type { TrafficReport } from './traffic/policy';

/**
 * `/health/ready` also reports each subgraph's breaker state and the retries sent to it (reported;
 * an open breaker is not a reason to be unready: the subgraph's own readiness decides).
 */
export function mountHealth(
  app: Express,
  subgraphUrls: Record<string, string>,
  traffic: () => Record<string, TrafficReport>,
  timeoutMs = 2000,
): void {
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    if (isDraining(app)) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const checks = await Promise.all(
      Object.entries(subgraphUrls).map(async ([name, url]) => {
        try {
          const response = await fetch(url.replace(/\/graphql$/, '/health/ready'), {
            signal: AbortSignal.timeout(timeoutMs),
          });
          return [name, response.ok ? 'ok' : 'unavailable'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = checks.every(([, status]) => status === 'ok');
    const report = Object.entries(traffic());
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ok' : 'unavailable',
      subgraphs: Object.fromEntries(checks),
      breakers: Object.fromEntries(report.map(([name, { breaker }]) => [name, breaker])),
      retries: Object.fromEntries(report.map(([name, { retries }]) => [name, retries])),
    });
  });
}
