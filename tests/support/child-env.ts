// The environment of a process a test starts: this one's without any configuration variable (vitest sets NODE_ENV and LOG_LEVEL), plus the test's own.
import { CONFIG_VARIABLES } from '@caregraph/platform';

export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.includes(name)));
  return { ...base, ...env };
}
