// The bench's own tools (load generator, Hive Gateway), installed on first use into .bench-tools/, never by npm ci.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const TOOLS_DIR = resolve('.bench-tools');

const PACKAGE = {
  name: 'caregraph-bench-tools',
  private: true,
  dependencies: { autocannon: '8.0.0', '@graphql-hive/gateway': '2.15.1' },
  // Hive Gateway asks for a @graphql-tools/batch-execute release this registry does not carry.
  overrides: { '@graphql-tools/batch-execute': '10.2.0' },
};

export function ensureTools(): { require: NodeJS.Require; hiveGateway: string } {
  const hiveGateway = join(TOOLS_DIR, 'node_modules/.bin/hive-gateway');
  if (!existsSync(hiveGateway) || !existsSync(join(TOOLS_DIR, 'node_modules/autocannon'))) {
    mkdirSync(TOOLS_DIR, { recursive: true });
    writeFileSync(join(TOOLS_DIR, 'package.json'), JSON.stringify(PACKAGE, null, 2));
    console.log('Installing the bench tools (autocannon, @graphql-hive/gateway) into .bench-tools/ …');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: TOOLS_DIR,
      stdio: 'inherit',
    });
  }
  return { require: createRequire(join(TOOLS_DIR, 'package.json')), hiveGateway };
}
