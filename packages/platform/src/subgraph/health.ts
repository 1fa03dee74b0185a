// Every subgraph's health routes: /health/live (the process answers) and /health/ready (its database answers).
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import type { Database } from '../db/database';
import { isDraining } from '../drain';

/** Something a subgraph adds to its readiness report (reported, never a reason to be unready). */
export type ReadinessDetail = () => Promise<unknown>;

/**
 * Mounts `/health/live` (200 while the process serves HTTP) and `/health/ready` (200 while the
 * database answers `select 1`, else 503; 503 `"draining"` once its listener drains), each naming
 * the subgraph; `/health/ready` also reports each of `details` (or `"unavailable"` when it fails).
 * The gateway's readiness asks every subgraph's `/health/ready`.
 */
export function mountSubgraphHealth(
  app: Express,
  subgraph: string,
  database: Database,
  details: Record<string, ReadinessDetail> = {},
): void {
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok', subgraph });
  });
  app.get('/health/ready', async (_req, res) => {
    if (isDraining(app)) {
      res.status(503).json({ status: 'draining', subgraph });
      return;
    }
    const databaseAnswers = await database.db.execute(sql`select 1`).then(
      () => true,
      () => false,
    );
    const extra: Record<string, unknown> = {};
    for (const [name, detail] of Object.entries(details)) {
      extra[name] = await detail().catch(() => 'unavailable');
    }
    res.status(databaseAnswers ? 200 : 503).json({
      status: databaseAnswers ? 'ok' : 'unavailable',
      subgraph,
      database: databaseAnswers ? 'ok' : 'unavailable',
      ...extra,
    });
  });
}
