// The figures of each fault scenario (error rate during the fault, recovery time, ledger counts): one line each, and .test-results/faults.json for the release note.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { LedgerCheck } from './ledger-check';
import type { RequestRecord } from './load';

export interface ScenarioFigures {
  scenario: string;
  title: string;
  /** Requests of the scenario's load (and its probes). */
  requests: number;
  /** Requests begun while the fault lasted, and those of them that did not get a complete answer. */
  faultRequests: number;
  faultErrors: number;
  errorRatePercent: number;
  /** From the fault's end to the end of the first complete answer begun after it; null if none came. */
  recoveryMs: number | null;
  ledgerExpected: number;
  ledgerFound: number;
  /** The longest request, in ms. */
  slowestMs: number;
  /** Error codes seen during the fault, with their counts. */
  faultCodes: Record<string, number>;
  /** What else the scenario counted (probes sent during the fault and their outcome). */
  notes?: string;
}

export interface FaultWindow {
  start: number;
  end: number;
}

const recorded: ScenarioFigures[] = [];

export function figuresOf(
  scenario: string,
  title: string,
  records: RequestRecord[],
  fault: FaultWindow,
  ledger: LedgerCheck,
  notes?: string,
): ScenarioFigures {
  const during = records.filter((record) => record.startedAt >= fault.start && record.startedAt <= fault.end);
  const failed = during.filter((record) => !record.full);
  const firstComplete = records
    .filter((record) => record.full && record.startedAt >= fault.end)
    .sort((a, b) => a.endedAt - b.endedAt)[0];
  const faultCodes: Record<string, number> = {};
  for (const record of failed) {
    const codes = record.errors.length
      ? record.errors.map((error) => error.code ?? 'none')
      : [record.transportError ?? `HTTP ${record.status}`];
    for (const code of new Set(codes)) faultCodes[code] = (faultCodes[code] ?? 0) + 1;
  }
  return {
    scenario,
    title,
    requests: records.length,
    faultRequests: during.length,
    faultErrors: failed.length,
    errorRatePercent: during.length ? Math.round((failed.length / during.length) * 1000) / 10 : 0,
    recoveryMs: firstComplete ? Math.max(0, firstComplete.endedAt - fault.end) : null,
    ledgerExpected: ledger.expected,
    ledgerFound: ledger.found,
    slowestMs: Math.max(0, ...records.map((record) => record.endedAt - record.startedAt)),
    faultCodes,
    ...(notes ? { notes } : {}),
  };
}

/** `scenario 2: requests 412, errors during fault 37 (9.0 %), recovery 1.8 s, ledger expected 1240 found 1240` */
function summaryLine(figures: ScenarioFigures): string {
  const recovery = figures.recoveryMs === null ? 'none' : `${(figures.recoveryMs / 1000).toFixed(1)} s`;
  const codes = Object.entries(figures.faultCodes)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  return (
    `scenario ${figures.scenario} (${figures.title}): requests ${figures.requests}, ` +
    `errors during fault ${figures.faultErrors}/${figures.faultRequests} (${figures.errorRatePercent.toFixed(1)} %), ` +
    `recovery ${recovery}, ledger expected ${figures.ledgerExpected} found ${figures.ledgerFound}, ` +
    `slowest ${figures.slowestMs} ms${codes ? ` [${codes}]` : ''}${figures.notes ? `; ${figures.notes}` : ''}`
  );
}

/** Keeps the figures for the file, and prints their line at once (before the scenario's assertions). */
export function report(figures: ScenarioFigures): void {
  recorded.push(figures);
  console.log(summaryLine(figures));
}

/** Writes every scenario's figures to .test-results/faults.json; returns the lines. */
export function writeFigures(path = '.test-results/faults.json'): string[] {
  mkdirSync('.test-results', { recursive: true });
  const scenarios = [...recorded].sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
  writeFileSync(path, `${JSON.stringify({ finishedAt: new Date().toISOString(), scenarios }, null, 2)}\n`);
  return scenarios.map(summaryLine);
}
