// `npm run token -- <login>`: prints a 1-hour development token for a seeded login, nothing else.
import { demoLogins, runMain, loadConfig, loadNodeEnv, loadOrCreateDevKeys, signDevToken } from '@caregraph/platform';

runMain(async () => {
  // First, before the configuration or the login: production has no use for this command at all.
  if (loadNodeEnv() === 'production') {
    process.stderr.write(
      'Refused: NODE_ENV=production. Development tokens are never accepted in production; ' +
        'tokens come from your identity provider (AUTH_JWKS_URL or AUTH_PUBLIC_KEY).\n',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const login = process.argv[2]?.trim().toLowerCase();
  const logins = demoLogins();
  const match = logins.find((candidate) => candidate.login === login);
  if (!match) {
    const known = logins.map((candidate) => candidate.login).join('\n  ');
    process.stderr.write(
      `${login ? `Unknown login "${login}".` : 'Usage: npm run token -- <login>'}\nSeeded logins:\n  ${known}\n`,
    );
    process.exit(2);
  }
  const devKeys = await loadOrCreateDevKeys(config.DATA_DIR);
  process.stdout.write(`${await signDevToken(devKeys, config, match.identity)}\n`);
});
