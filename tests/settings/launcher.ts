// Runs the project's own entry points (`npm start`'s embedded.ts, scripts) as child processes with a given environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { childEnv } from '../support/child-env';
import { waitForBanner } from '../support/npm-start';

function tsx(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Launched {
  gatewayUrl: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** The JSON log lines of stdout, parsed. */
  logLines(): Array<{ level: number; msg: string; [field: string]: unknown }>;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/** `npm start` (gateway/src/embedded.ts) with `env`; resolves once its banner names the gateway. */
export async function launchEmbedded(env: NodeJS.ProcessEnv): Promise<Launched> {
  const child = tsx('gateway/src/embedded.ts', [], env);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = await waitForBanner(child, 'embedded.ts');
  return {
    gatewayUrl: started.gatewayUrl,
    stdout: started.stdout,
    logLines: () =>
      started
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a script to its end; resolves with its exit code and output. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = tsx(script, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
