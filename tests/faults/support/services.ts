// The five services as child processes (services mode), each the node process itself: signalled, killed and started again on its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { SUBGRAPH_NAMES, type SubgraphName } from '@caregraph/platform';
import { childEnv } from '../../support/child-env';
import { pollUntil } from '../../support/poll';

export type ServiceName = SubgraphName | 'gateway';

const ENTRY: Record<ServiceName, string> = {
  gateway: 'gateway/src/main.ts',
  patient: 'subgraphs/patient/src/main.ts',
  appointment: 'subgraphs/appointment/src/main.ts',
  prescription: 'subgraphs/prescription/src/main.ts',
  audit: 'subgraphs/audit/src/main.ts',
};
/** A start under load on two cores takes seconds: bounded polls of readiness, this many, this far apart. */
const READY_TRIES = 600;
const READY_GAP_MS = 100;
/** Log lines a failure report shows per process. */
const SHOWN_LINES = 60;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  /** Settles with the exit, whenever it comes. */
  exited: Promise<Exit>;
  /** Sends a signal to the node process (SIGSTOP/SIGCONT/SIGTERM/SIGKILL…). */
  signal(signal: NodeJS.Signals): void;
  /** Whether it has not exited yet. */
  alive(): boolean;
  /** How many lines it has printed so far (for `logged` to look only at later ones). */
  mark(): number;
  /**
   * Resolves with the first JSON log line from line `from` on whose `msg` is `msg` (rejects if
   * the process exits first).
   */
  logged(msg: string, from?: number): Promise<Record<string, unknown>>;
  /** What it printed last (stdout and stderr). */
  output(): string;
}

/** An exit nobody asked for: the suite asserts there is none. */
export interface UnexpectedExit extends Exit {
  name: ServiceName;
  output: string;
}

export interface Services {
  /** The gateway's origin (`http://127.0.0.1:<port>`) and GraphQL address. */
  gatewayBase: string;
  gatewayUrl: string;
  /** A service's own origin (where its /health routes answer). */
  baseOf(name: ServiceName): string;
  /** Starts the service on its port; resolves once its /health/ready answers 200. */
  start(name: ServiceName): Promise<ServiceProcess>;
  /** Starts every subgraph, then the gateway. */
  startAll(): Promise<void>;
  running(name: ServiceName): ServiceProcess;
  /** Marks the running process's coming exit as asked for (before signalling it). */
  expectExit(name: ServiceName): ServiceProcess;
  unexpectedExits: UnexpectedExit[];
  /** SIGKILL to every process still running. */
  killAll(): Promise<void>;
}

export interface ServicesOptions {
  /** Variables of every service (DATABASE_URL, REDIS_URL, DATA_DIR, …). */
  env: NodeJS.ProcessEnv;
  /** Variables of the gateway alone (timeouts, breaker, trusted documents). */
  gatewayEnv: NodeJS.ProcessEnv;
  /** Each service's port, chosen by the caller (a proxy forwards to one of them). */
  ports: Record<ServiceName, number>;
  /** Where the gateway reaches a subgraph instead of its own port (a proxy in front of it). */
  gatewayRoutes?: Partial<Record<SubgraphName, string>>;
}

/** Ports are chosen once: a service started again listens where the gateway already looks. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const { ports } = options;
  const baseOf = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const env = childEnv({ LOG_LEVEL: 'info', ...options.env, GATEWAY_PORT: String(ports.gateway) });
  for (const name of SUBGRAPH_NAMES) {
    env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
    env[`${name.toUpperCase()}_URL`] = options.gatewayRoutes?.[name] ?? `${baseOf(name)}/graphql`;
  }
  const running = new Map<ServiceName, ServiceProcess>();
  const expected = new Set<ServiceProcess>();
  const unexpectedExits: UnexpectedExit[] = [];

  const start = async (name: ServiceName): Promise<ServiceProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY[name]], {
      env: name === 'gateway' ? { ...env, ...options.gatewayEnv } : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = watch(name, child);
    running.set(name, service);
    void service.exited.then((exit) => {
      if (!expected.has(service)) unexpectedExits.push({ name, ...exit, output: service.output() });
    });
    await waitForReady(service, `${baseOf(name)}/health/ready`);
    return service;
  };

  const runningService = (name: ServiceName): ServiceProcess => {
    const service = running.get(name);
    if (!service) throw new Error(`${name} was never started`);
    return service;
  };

  return {
    gatewayBase: baseOf('gateway'),
    gatewayUrl: `${baseOf('gateway')}/graphql`,
    baseOf,
    start,
    async startAll() {
      await Promise.all(SUBGRAPH_NAMES.map(start));
      await start('gateway');
    },
    running: runningService,
    expectExit(name) {
      const service = runningService(name);
      expected.add(service);
      return service;
    },
    unexpectedExits,
    async killAll() {
      for (const service of running.values()) expected.add(service);
      await Promise.all(
        [...running.values()].map(async (service) => {
          service.signal('SIGCONT');
          service.signal('SIGKILL');
          await service.exited;
        }),
      );
    },
  };
}

function watch(name: ServiceName, child: ChildProcess): ServiceProcess {
  const lines: string[] = [];
  const watchers = new Set<() => void>();
  let partial = '';
  let ended = false;
  const take = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop()!;
    lines.push(...complete);
    watchers.forEach((check) => check());
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = true;
      watchers.forEach((check) => check());
      resolve({ code, signal });
    }),
  );
  const output = () => [...lines.slice(-SHOWN_LINES), partial].join('\n');
  return {
    name,
    pid: child.pid!,
    exited,
    signal(signal) {
      if (!ended) child.kill(signal);
    },
    alive: () => !ended,
    mark: () => lines.length,
    logged(msg, from = 0) {
      // Lines are looked at once each: a process logging a lot is not parsed over and over.
      let seen = from;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; seen < lines.length; seen++) {
            const line = lines[seen]!;
            if (!line.startsWith('{')) continue;
            const parsed = JSON.parse(line) as Record<string, unknown>;
            if (parsed.msg !== msg) continue;
            watchers.delete(check);
            return resolve(parsed);
          }
          if (ended) {
            watchers.delete(check);
            reject(new Error(`${name} exited before logging "${msg}":\n${output()}`));
          }
        };
        watchers.add(check);
        check();
      });
    },
    output,
  };
}

async function waitForReady(service: ServiceProcess, url: string): Promise<void> {
  let exit: Exit | undefined;
  void service.exited.then((value) => (exit = value));
  await pollUntil(
    `${service.name} to be ready at ${url}`,
    async () => {
      if (exit)
        throw new Error(`${service.name} exited (${JSON.stringify(exit)}) while starting:\n${service.output()}`);
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null);
      return response?.status === 200;
    },
    { tries: READY_TRIES, gapMs: READY_GAP_MS },
  ).catch((error: Error) => {
    throw exit ? error : new Error(`${error.message}:\n${service.output()}`);
  });
}
