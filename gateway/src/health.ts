// Liveness and readiness: ready only when every subgraph's own /health/ready answers 200.
import type { Express } from 'express';

export function mountHealth(app: Express, subgraphUrls: Record<string, string>, timeoutMs = 2000): void {
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
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
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', subgraphs: Object.fromEntries(checks) });
  });
}
