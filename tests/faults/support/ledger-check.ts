// The ledger against the answers: every request that returned patient data has its events in audit.access_event exactly once, compared by request id.
import type postgres from 'postgres';
import { pollUntil } from '../../support/poll';
import { LOAD_PARTS, carriesPatientData, type LoadPart, type RequestRecord } from './load';

/** Events one load request leaves per record type (the load's query and user are fixed, so is this). */
export type LedgerBaseline = Record<LoadPart, number>;

export interface LedgerCheck {
  /** Events the answers with patient data require (the parts that arrived). */
  expected: number;
  /** Those found in the ledger. */
  found: number;
  /** Every request whose events are missing, doubled or other than READ/SUCCESS (empty when all is well). */
  problems: string[];
}

interface Row {
  request_id: string;
  resource_type: string;
  events: number;
  ids: number;
  other: number;
}

/** Request ids as one Postgres text[] literal (`= any(${arrayLiteral(ids)}::text[])`): ids are UUIDs, nothing to quote. */
export const arrayLiteral = (ids: string[]) => `{${ids.join(',')}}`;

async function rowsFor(sql: postgres.Sql, requestIds: string[]): Promise<Map<string, Map<string, Row>>> {
  const rows = await sql<Row[]>`
    select request_id, resource_type, count(*)::int as events, count(distinct id)::int as ids,
      count(*) filter (where action <> 'READ' or outcome <> 'SUCCESS')::int as other
    from audit.access_event where request_id = any(${arrayLiteral(requestIds)}::text[])
    group by request_id, resource_type`;
  const byRequest = new Map<string, Map<string, Row>>();
  for (const row of rows) {
    if (!byRequest.has(row.request_id)) byRequest.set(row.request_id, new Map());
    byRequest.get(row.request_id)!.set(row.resource_type, row);
  }
  return byRequest;
}

/** Measured from complete answers; throws if two of them left different numbers of events. */
export async function measureBaseline(sql: postgres.Sql, records: RequestRecord[]): Promise<LedgerBaseline> {
  const complete = records.filter((record) => record.full && record.requestId);
  if (complete.length === 0) throw new Error('no complete answer to measure the ledger baseline from');
  const rows = await rowsFor(
    sql,
    complete.map((record) => record.requestId!),
  );
  const seen = new Set<string>();
  for (const record of complete) {
    const counts = LOAD_PARTS.map((part) => rows.get(record.requestId!)?.get(part)?.events ?? 0);
    seen.add(counts.join(','));
  }
  if (seen.size !== 1) throw new Error(`complete answers left different events per part: ${[...seen].join(' | ')}`);
  const counts = [...seen][0]!.split(',').map(Number);
  if (counts.some((count) => count === 0)) throw new Error(`a part left no event: ${counts.join(',')}`);
  return Object.fromEntries(LOAD_PARTS.map((part, i) => [part, counts[i]!])) as LedgerBaseline;
}

/**
 * A part that arrived must have exactly the baseline's events; one that did not may have none or
 * exactly the baseline's (its subgraph read and recorded, then its answer was lost: a timeout).
 */
async function checkLedger(
  sql: postgres.Sql,
  records: RequestRecord[],
  baseline: LedgerBaseline,
): Promise<LedgerCheck> {
  const withData = records.filter((record) => carriesPatientData(record) && record.requestId);
  const rows = withData.length
    ? await rowsFor(
        sql,
        withData.map((record) => record.requestId!),
      )
    : new Map();
  const check: LedgerCheck = { expected: 0, found: 0, problems: [] };
  for (const record of withData) {
    for (const part of LOAD_PARTS) {
      const row: Row | undefined = rows.get(record.requestId!)?.get(part);
      const events = row?.events ?? 0;
      if (record.parts[part]) {
        check.expected += baseline[part];
        check.found += events;
      }
      const allowed = record.parts[part] ? [baseline[part]] : [0, baseline[part]];
      if (!allowed.includes(events))
        check.problems.push(`${record.requestId} ${part}: ${events} events, expected ${allowed.join(' or ')}`);
      if (row && row.ids !== row.events) check.problems.push(`${record.requestId} ${part}: an event id stored twice`);
      if (row?.other) check.problems.push(`${record.requestId} ${part}: ${row.other} events not READ/SUCCESS`);
    }
  }
  return check;
}

/** The ledger writer's lag as the audit subgraph reports it; null when it cannot say. */
export async function reportedLag(auditBase: string): Promise<{ pending: number; undelivered: number } | null> {
  try {
    const response = await fetch(`${auditBase}/health/ready`, { signal: AbortSignal.timeout(2000) });
    const ledger = ((await response.json()) as { ledger?: unknown }).ledger;
    return typeof ledger === 'object' && ledger !== null ? (ledger as { pending: number; undelivered: number }) : null;
  } catch {
    return null;
  }
}

export const drainedLag = (lag: { pending: number; undelivered: number } | null) =>
  lag !== null && lag.pending === 0 && lag.undelivered === 0;

/**
 * Waits (bounded) until the writer reports no lag and the ledger holds every event the answers
 * require, then returns the check (with its problems, if the wait gave up).
 */
export async function settledLedger(
  sql: postgres.Sql,
  auditBase: string,
  records: RequestRecord[],
  baseline: LedgerBaseline,
): Promise<LedgerCheck> {
  let check: LedgerCheck | undefined;
  let lag: Awaited<ReturnType<typeof reportedLag>> = null;
  try {
    await pollUntil('the ledger writer to store every event', async () => {
      lag = await reportedLag(auditBase);
      if (!drainedLag(lag)) return false;
      check = await checkLedger(sql, records, baseline);
      return check.problems.length === 0;
    });
    return check!;
  } catch {
    const last = await checkLedger(sql, records, baseline);
    return {
      ...last,
      problems: [
        `gave up waiting; reported lag ${JSON.stringify(lag)}`,
        ...(await busySessions(sql)),
        ...last.problems,
      ],
    };
  }
}

/** Sessions of the cluster that are not idle, and what they wait for: why a ledger writer may be stuck. */
async function busySessions(sql: postgres.Sql): Promise<string[]> {
  const sessions = await sql<Array<{ state: string; wait: string | null; statement: string; seconds: number }>>`
    select state, wait_event_type || ':' || wait_event as wait, left(query, 120) as statement,
      extract(epoch from now() - xact_start)::int as seconds
    from pg_stat_activity
    where backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'`;
  return sessions.map(
    (s) => `session ${s.state} ${s.seconds ?? 0} s, waiting ${s.wait ?? 'for nothing'}: ${s.statement}`,
  );
}
