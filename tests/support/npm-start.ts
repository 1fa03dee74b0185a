// `npm start` as a real process for end-to-end tests: started in its own process group, ready once its banner names the gateway.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedProcess {
  child: ChildProcess;
  gatewayUrl: string;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM to its process group; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Runs `npm start` with `env`; rejects with what it printed if it exits before its banner. */
export async function startNpm(env: NodeJS.ProcessEnv): Promise<StartedProcess> {
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gateway\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return {
    child,
    gatewayUrl,
    output: () => output,
    async stop() {
      if (!child.pid || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}
