// `npm run token -- <login>`: prints a 1-hour development token for a seeded login, nothing else.
import { demoLogins, runMain, loadConfig, loadOrCreateDevKeys, signDevToken } from '@caregraph/platform';

runMain(async () => {
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
  if (config.NODE_ENV === 'production') {
    process.stderr.write('Development tokens are refused in production; use your identity provider.\n');
    process.exit(2);
  }
  const devKeys = await loadOrCreateDevKeys(config.DATA_DIR);
  process.stdout.write(`${await signDevToken(devKeys, config, match.identity)}\n`);
});
