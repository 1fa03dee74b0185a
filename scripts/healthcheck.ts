// Container healthcheck (docker-compose.yml): exits 0 while 127.0.0.1:<port>/health/ready answers 200, else 1.
// Plain enough for Node 24 to run without tsx (`node scripts/healthcheck.ts 4001`), in a fraction of the time.
const port = Number(process.argv[2]);
const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) }).catch(
  () => null,
);
process.exit(response?.ok ? 0 : 1);

export {}; // a module (top-level await), for the type checker
