// `npm start` as a real process for end-to-end tests: started in its own process group, ready once its banner names the gateway.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedProcess {
  child: ChildProcess;
  gatewayUrl: string;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
  /** Everything it has printed so far on stdout. */
  stdout(): string;
}

export interface StartedNpm extends StartedProcess {
  /** SIGTERM to its process group; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Collects what `child` prints and resolves once its start banner names the gateway; rejects
 * with what it printed if it exits first.
 */
export async function waitForBanner(child: ChildProcess, name: string): Promise<StartedProcess> {
  let output = '';
  let stdout = '';
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      const match = /Gateway\s+(http:\/\/\S+\/graphql)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening:\n${output}`)));
  });
  return { child, gatewayUrl, output: () => output, stdout: () => stdout };
}

/** Runs `npm start` with `env` in its own process group. */
export async function startNpm(env: NodeJS.ProcessEnv): Promise<StartedNpm> {
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const started = await waitForBanner(child, 'npm start');
  return {
    ...started,
    async stop() {
      if (!child.pid || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}
