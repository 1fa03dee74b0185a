// An npm start script as a real process, the way a container runs it: what it prints, a signal to npm alone, its exit code.
import { spawn } from 'node:child_process';
import { childEnv } from './child-env';

/** What a service logs once its listener drains (on SIGTERM or SIGINT). */
export const DRAINING_MESSAGE = 'draining: readiness answers 503, no new connections';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface ServiceProcess {
  /** Resolves once its stdout matches `pattern` (rejects with what it printed if it exits first). */
  printed(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with its first JSON log line whose message is `msg`. */
  logged(msg: string): Promise<LogLine>;
  /**
   * Sends `signal` to npm alone, as `docker stop` does to a container's first process (npm passes
   * it on); or to its whole process group, as Ctrl-C in a terminal does (every process gets it).
   */
  signal(signal: NodeJS.Signals, to?: 'npm' | 'group'): void;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGKILL to its whole process group, if anything of it still runs (cleanup after a failure). */
  kill(): void;
}

/**
 * `npm run <script>` with `env` over this environment stripped of every configuration variable
 * (vitest sets NODE_ENV and LOG_LEVEL), logging at `info` unless `env` says otherwise.
 */
export function startService(script: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn('npm', ['run', '--silent', script], {
    env: childEnv({ LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let output = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
    watchers.forEach((check) => check());
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let ended = false;
  const exited = new Promise<number | null>((resolve) =>
    // After its output has been read to the end.
    child.once('close', (code) => {
      ended = true;
      watchers.forEach((check) => check());
      resolve(code);
    }),
  );

  /** Resolves with what `find` finds in its stdout, as soon as it is there. */
  const until = <T>(find: (stdout: string) => T | undefined, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find(stdout);
        if (found !== undefined || ended) watchers.delete(check);
        if (found !== undefined) resolve(found);
        else if (ended) reject(new Error(`npm run ${script} exited before printing ${what}:\n${output}`));
      };
      watchers.add(check);
      check();
    });

  return {
    printed: (pattern) => until((text) => pattern.exec(text) ?? undefined, String(pattern)),
    logged: (msg) =>
      until(
        (text) =>
          text
            .split('\n')
            .slice(0, -1) // complete lines only
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as LogLine)
            .find((line) => line.msg === msg),
        `"${msg}"`,
      ),
    signal: (signal, to = 'npm') => (to === 'group' ? process.kill(-child.pid!, signal) : child.kill(signal)),
    exited,
    kill() {
      if (!child.pid) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // nothing of it is left
      }
    },
  };
}
