// The advisory locks of a tenant's chain: one serialising appends, one keeping purges and integrity walks apart.
import { sql } from 'drizzle-orm';

/** Held by every append and purge: the chain head cannot move under them. */
export const appendLock = (tenantId: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${tenantId}`}, 0))`;

/** Held exclusively by a purge and shared by integrity walks, which never see a half-purged ledger. */
export const purgeLock = (tenantId: string, mode: 'exclusive' | 'shared') =>
  mode === 'exclusive'
    ? sql`select pg_advisory_xact_lock(hashtextextended(${`audit-purge:${tenantId}`}, 0))`
    : sql`select pg_advisory_xact_lock_shared(hashtextextended(${`audit-purge:${tenantId}`}, 0))`;
