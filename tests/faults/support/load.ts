// A small fixed load through the gateway: a few clients sending one query that spans three subgraphs, every answer recorded.
import { ErrorCode } from '@caregraph/platform';
import { PATIENTS_DEEP } from '../../support/queries';

/** Patients with their appointments (appointment subgraph), practitioners (patient) and prescriptions (prescription). */
const LOAD_REQUEST = { query: PATIENTS_DEEP, variables: { first: 3 } };

/** The audited record types the load reads, each filled by one subgraph (the ledger's `resource_type`). */
export const LOAD_PARTS = ['Patient', 'Appointment', 'Prescription'] as const;
export type LoadPart = (typeof LOAD_PARTS)[number];

export interface ResponseError {
  code?: string;
  subgraph?: string;
  path: string;
}

export interface RequestRecord {
  /** The gateway's `x-request-id` (null when no HTTP answer came). */
  requestId: string | null;
  /** HTTP status; 0 when the connection failed (`transportError` says how). */
  status: number;
  transportError?: string;
  startedAt: number;
  endedAt: number;
  errors: ResponseError[];
  /** Which parts of the answer arrived (a part missing is null in the data). */
  parts: Record<LoadPart, boolean>;
  /** Every part arrived and there was no error. */
  full: boolean;
}

export const durationOf = (record: RequestRecord) => record.endedAt - record.startedAt;
export const carriesPatientData = (record: RequestRecord) => record.parts.Patient;

/** Sends one GraphQL request and records what came back (never throws for an answer or a failed connection). */
export async function sendRecorded(
  url: string,
  token: string,
  body: Record<string, unknown> = LOAD_REQUEST,
): Promise<RequestRecord & { data: any }> {
  const startedAt = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    const errors = ((parsed?.errors ?? []) as any[]).map((error) => ({
      code: error.extensions?.code,
      subgraph: error.extensions?.subgraph,
      path: (error.path ?? []).join('.'),
    }));
    const parts = partsOf(parsed?.data);
    return {
      requestId: response.headers.get('x-request-id'),
      status: response.status,
      ...(parsed === undefined ? { transportError: `not JSON: ${text.slice(0, 80)}` } : {}),
      startedAt,
      endedAt: Date.now(),
      errors,
      parts,
      full: response.status === 200 && errors.length === 0 && LOAD_PARTS.every((part) => parts[part]),
      data: parsed?.data,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      requestId: null,
      status: 0,
      transportError: cause?.code ?? String(error),
      startedAt,
      endedAt: Date.now(),
      errors: [],
      parts: partsOf(undefined),
      full: false,
      data: undefined,
    };
  }
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What of the load query's answer arrived (a part counts only when it arrived for every record above it). */
function partsOf(data: any): Record<LoadPart, boolean> {
  const patients: any[] = data?.patients?.nodes ?? [];
  const Patient = patients.length > 0 && patients.every((patient) => typeof patient?.mrn === 'string');
  const appointments = patients.map((patient) => patient?.appointments?.nodes);
  const Appointment = Patient && appointments.every(Array.isArray);
  const Prescription =
    Appointment && appointments.flat().every((appointment: any) => Array.isArray(appointment?.prescriptions));
  return { Patient, Appointment, Prescription };
}

/** How long a client waits after its connection failed (the gateway is down). */
const REFUSED_BACKOFF_MS = 50;

export interface Load {
  /** Every request answered so far, in the order they ended. */
  readonly records: RequestRecord[];
  /** Resolves with the first record ending after this call that satisfies `match`; rejects after `maxRequests` others. */
  next(match: (record: RequestRecord) => boolean, maxRequests: number): Promise<RequestRecord>;
  /** Resolves once `count` more answers have come. */
  more(count: number): Promise<void>;
  /** Stops the clients after their current request; resolves with every record. */
  stop(): Promise<RequestRecord[]>;
}

/** Clients sending requests one after another, by default. */
export const LOAD_CLIENTS = 4;

/**
 * `clients` loops sending the load query until `stop`, or until `maxRequests` have been sent in
 * all (a bound should the test forget to stop it).
 */
export function startLoad(url: string, token: string, { clients = LOAD_CLIENTS, maxRequests = 5000 } = {}): Load {
  const records: RequestRecord[] = [];
  /** Waiting `next` calls: each sees every new record; `stop` rejects those still waiting. */
  const watchers = new Map<(record: RequestRecord) => void, (error: Error) => void>();
  let sent = 0;
  let stopping = false;
  const client = async () => {
    while (!stopping && sent < maxRequests) {
      sent++;
      const { data: _data, ...record } = await sendRecorded(url, token);
      records.push(record);
      watchers.forEach((_reject, watch) => watch(record));
      // A refused connection comes back at once: a client backs off instead of spinning.
      if (record.status === 0) await new Promise((resolve) => setTimeout(resolve, REFUSED_BACKOFF_MS));
    }
  };
  const running = Promise.all(Array.from({ length: clients }, client));
  const next: Load['next'] = (match, maxRequests) =>
    new Promise((resolve, reject) => {
      let seen = 0;
      const watch = (record: RequestRecord) => {
        if (match(record)) {
          watchers.delete(watch);
          resolve(record);
        } else if (++seen >= maxRequests) {
          watchers.delete(watch);
          reject(new Error(`no matching answer among ${seen} requests; the last: ${JSON.stringify(record)}`));
        }
      };
      watchers.set(watch, reject);
    });
  return {
    records,
    next,
    async more(count) {
      let seen = 0;
      await next(() => ++seen >= count, count + 1);
    },
    async stop() {
      stopping = true;
      await running;
      for (const [watch, reject] of watchers) {
        watchers.delete(watch);
        reject(new Error('the load stopped before a matching answer came'));
      }
      return records;
    },
  };
}

/** The codes an answer may carry: the platform's stable ones. */
const STABLE_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Answers that break the rules whatever the fault: a body that is not JSON, an HTTP 5xx without
 * errors, an error without a stable code, or a masked INTERNAL_SERVER_ERROR (a fault must be
 * named by what it is: SUBGRAPH_UNAVAILABLE, SERVICE_UNAVAILABLE …).
 */
export function unstableAnswers(records: RequestRecord[]): RequestRecord[] {
  return records.filter(
    (record) =>
      (record.status !== 0 && record.transportError !== undefined) ||
      (record.status >= 500 && record.errors.length === 0) ||
      record.errors.some(
        (error) => !error.code || !STABLE_CODES.has(error.code) || error.code === ErrorCode.InternalServerError,
      ),
  );
}
