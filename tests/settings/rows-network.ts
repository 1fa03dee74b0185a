// Rows for where things listen and connect: host, ports, subgraph URLs, supergraph files, fetch timeout, assertions.
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import { expect } from 'vitest';
import { startPlatform, type RunningPlatform } from '@caregraph/gateway';
import { SUBGRAPH_NAMES, createLogger, loadConfig, type SubgraphName } from '@caregraph/platform';
import { TEST_DATA_DIR, callSubgraph, freePorts, identityOf, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import type { Row, RowContext } from './harness';
import { analyticsUrl, ask, outcomeOf } from './requests';
import { QUERY_FOR, SLOW_PATH, startRecordingSubgraph, startServicesGateway } from './services-gateway';

const PORT_VARIABLES = {
  patient: 'PATIENT_PORT',
  appointment: 'APPOINTMENT_PORT',
  prescription: 'PRESCRIPTION_PORT',
  audit: 'AUDIT_PORT',
} as const satisfies Record<SubgraphName, string>;

/** startPlatform as `npm start` calls it: the *_PORT variables and HOST, not random ports. */
async function configuredPlatform(context: RowContext, env: NodeJS.ProcessEnv): Promise<RunningPlatform> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: TEST_DATA_DIR, ...env });
  return startPlatform({
    config,
    database: context.database,
    log: createLogger('silent', 'test'),
    devKeys: await testDevKeys(),
    ports: 'configured',
    runLedgerWriter: false,
  });
}

/** One platform on five configured ports, shared by the port rows. */
const onConfiguredPorts = (context: RowContext) =>
  context.shared(
    'configured ports',
    async () => {
      const [gateway, ...subgraphs] = await freePorts(5);
      const env: Record<string, string> = { GATEWAY_PORT: String(gateway) };
      SUBGRAPH_NAMES.forEach((name, i) => (env[PORT_VARIABLES[name]] = String(subgraphs[i])));
      return { env, platform: await configuredPlatform(context, env) };
    },
    ({ platform }) => platform.stop(),
  );

async function liveness(origin: string): Promise<unknown> {
  return (await fetch(`${origin}/health/live`)).json();
}

/** The error code of a refused connection (undefined if something answered). */
async function connectionRefusal(origin: string): Promise<unknown> {
  return fetch(`${origin}/health/live`).then(
    () => undefined,
    (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code,
  );
}

const recorder = (context: RowContext) =>
  context.shared('recording subgraph', startRecordingSubgraph, (recording) => recording.close());

async function servicesGateway(context: RowContext, env: NodeJS.ProcessEnv) {
  const gateway = await startServicesGateway(env);
  context.defer(() => gateway.close());
  return gateway;
}

/** Sends the query that needs `subgraph` through `gatewayUrl`: [path, assertion audience] of each fetch the recorder got. */
async function fetchesReaching(context: RowContext, gatewayUrl: string, subgraph: SubgraphName) {
  const recording = await recorder(context);
  const before = recording.requests.length;
  await ask(gatewayUrl, QUERY_FOR[subgraph], await tokenFor('admin@acme.test'));
  return recording.requests.slice(before).map((request) => [request.path, decodeJwt(request.assertion!).aud]);
}

/** The assertion the gateway sent with the one fetch the query for the patient subgraph caused. */
async function patientAssertion(context: RowContext, env: NodeJS.ProcessEnv): Promise<string> {
  const recording = await recorder(context);
  const gateway = await servicesGateway(context, { PATIENT_URL: `${recording.origin}/patient/graphql`, ...env });
  const before = recording.requests.length;
  await ask(gateway.url, QUERY_FOR.patient, await tokenFor('admin@acme.test'));
  const sent = recording.requests.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!.assertion!;
}

const verifiesWith = (assertion: string, publicKeyPem: string) =>
  importSPKI(publicKeyPem, 'EdDSA').then((key) =>
    jwtVerify(assertion, key).then(
      () => true,
      () => false,
    ),
  );

function ed25519Pair() {
  const pair = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const portRows: Row[] = [
  {
    variable: 'GATEWAY_PORT',
    effect: 'the gateway listens on this port',
    async check(context) {
      const { env, platform } = await onConfiguredPorts(context);
      const origin = `http://127.0.0.1:${env.GATEWAY_PORT}`;
      expect(platform.gatewayUrl).toBe(`${origin}/graphql`);
      expect(await liveness(origin)).toEqual({ status: 'ok' });
      expect(loadConfig({}).GATEWAY_PORT).toBe(4000);
    },
  },
  ...SUBGRAPH_NAMES.map((name, i): Row => ({
    variable: PORT_VARIABLES[name],
    effect: `the ${name} subgraph listens on this port (embedded mode)`,
    async check(context) {
      const { env, platform } = await onConfiguredPorts(context);
      const origin = `http://127.0.0.1:${env[PORT_VARIABLES[name]]}`;
      expect(platform.subgraphUrls[name]).toBe(`${origin}/graphql`);
      expect(await liveness(origin)).toEqual({ status: 'ok', subgraph: name });
      expect(loadConfig({})[PORT_VARIABLES[name]]).toBe(4001 + i);
    },
  })),
  {
    variable: 'HOST',
    effect: 'the gateway and subgraphs listen on this interface only',
    async check(context) {
      const [gateway, patient] = await freePorts(2);
      const platform = await configuredPlatform(context, {
        HOST: '127.0.0.2',
        GATEWAY_PORT: String(gateway),
        PATIENT_PORT: String(patient),
        APPOINTMENT_PORT: '0',
        PRESCRIPTION_PORT: '0',
        AUDIT_PORT: '0',
      });
      context.defer(() => platform.stop());
      expect(outcomeOf(await ask(platform.gatewayUrl, '{ me { userId } }', await tokenFor('admin@acme.test')))).toEqual(
        [200, []],
      );
      expect(platform.gatewayUrl).toBe(`http://127.0.0.2:${gateway}/graphql`);
      expect(await liveness(`http://127.0.0.2:${patient}`)).toEqual({ status: 'ok', subgraph: 'patient' });
      expect(await connectionRefusal(`http://127.0.0.1:${gateway}`)).toBe('ECONNREFUSED');
      expect(await connectionRefusal(`http://127.0.0.1:${patient}`)).toBe('ECONNREFUSED');
      expect(new URL((await context.defaults()).gatewayUrl).hostname).toBe('127.0.0.1');
    },
  },
];

const urlRows: Row[] = SUBGRAPH_NAMES.map((name): Row => {
  const variable = `${name.toUpperCase()}_URL`;
  return {
    variable,
    effect: `the gateway (services mode) fetches from the ${name} subgraph at this URL; default http://$HOST:<port>/graphql`,
    async check(context) {
      const recording = await recorder(context);
      const viaUrl = await servicesGateway(context, { [variable]: `${recording.origin}/${name}-here/graphql` });
      expect(await fetchesReaching(context, viaUrl.url, name)).toEqual([[`/${name}-here/graphql`, name]]);
      const viaPort = await servicesGateway(context, { [PORT_VARIABLES[name]]: String(recording.port) });
      expect(await fetchesReaching(context, viaPort.url, name)).toEqual([['/graphql', name]]);
    },
  };
});

const gatewayRows: Row[] = [
  {
    variable: 'SUPERGRAPH_PATH',
    effect: 'the supergraph the gateway serves at /graphql',
    async check({ platform, defaults }) {
      const custom = await platform({ SUPERGRAPH_PATH: 'schema/analytics-supergraph.graphql' });
      const query = '{ patients(first: 1) { nodes { id } } }';
      const admin = await tokenFor('admin@acme.test');
      expect(outcomeOf(await ask(custom.gatewayUrl, query, admin))).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
      expect(outcomeOf(await ask((await defaults()).gatewayUrl, query, admin))).toEqual([200, []]);
    },
  },
  {
    variable: 'ANALYTICS_SUPERGRAPH_PATH',
    effect: 'the contract supergraph the gateway serves at /analytics/graphql',
    async check({ platform, defaults }) {
      const custom = await platform({ ANALYTICS_SUPERGRAPH_PATH: 'schema/supergraph.graphql' });
      const query = '{ __schema { mutationType { name } } }';
      const analyst = await tokenFor('analyst@acme.test');
      const mutationType = async (on: RunningPlatform) =>
        (await ask(analyticsUrl(on.gatewayUrl), query, analyst)).body.data?.__schema.mutationType;
      expect(await mutationType(custom)).toEqual({ name: 'Mutation' });
      expect(await mutationType(await defaults())).toBeNull();
    },
  },
  {
    variable: 'SUBGRAPH_TIMEOUT_MS',
    effect: 'the gateway gives up on a subgraph fetch after this many milliseconds',
    async check(context) {
      const recording = await recorder(context);
      // The stand-in answers after 300 ms: past a 100 ms timeout, well within the default.
      const slow = { PATIENT_URL: `${recording.origin}${SLOW_PATH}` };
      const impatient = await servicesGateway(context, { ...slow, SUBGRAPH_TIMEOUT_MS: '100' });
      const admin = await tokenFor('admin@acme.test');
      const timedOut = await ask(impatient.url, QUERY_FOR.patient, admin);
      // Which code the client gets for a timed-out subgraph is the error mapping's business, not this setting's.
      expect([
        timedOut.body.data ?? null,
        timedOut.body.errors?.length,
        await recording.requests.at(-1)!.aborted,
      ]).toEqual([null, 1, true]);
      const patient = await servicesGateway(context, slow);
      const answered = await ask(patient.url, QUERY_FOR.patient, admin);
      expect([answered.body.data, await recording.requests.at(-1)!.aborted]).toEqual([
        { me: { userId: 'slow' } },
        false,
      ]);
    },
  },
  {
    variable: 'SUBGRAPH_RETRY_ATTEMPTS',
    effect: 'a failed subgraph query is retried this many times (mutations never)',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_RETRY_BUDGET_PERCENT',
    effect: 'retries add at most this percentage of the successful fetches',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_BREAKER_FAILURE_RATE',
    effect: 'the share of failed fetches in the window that opens the breaker',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_BREAKER_WINDOW_MS',
    effect: 'the breaker counts fetches over this rolling window',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_BREAKER_MIN_REQUESTS',
    effect: 'the window must hold this many fetches before the breaker may open',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS',
    effect: 'an open breaker lets one probe through after this long',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'SUBGRAPH_TRAFFIC_POLICY',
    effect: 'per-subgraph overrides of the traffic settings',
    covered: 'gateway/test/traffic-policy.test.ts',
  },
  {
    variable: 'ASSERTION_TTL_SECONDS',
    effect: 'each assertion the gateway signs lives this long (exp − iat); 5–60 accepted',
    async check(context) {
      const lifetime = (assertion: string) => {
        const { exp, iat } = decodeJwt(assertion);
        return exp! - iat!;
      };
      expect(lifetime(await patientAssertion(context, { ASSERTION_TTL_SECONDS: '7' }))).toBe(7);
      expect(lifetime(await patientAssertion(context, {}))).toBe(30);
      expect(() => loadConfig({ ASSERTION_TTL_SECONDS: '4' })).toThrow(/ASSERTION_TTL_SECONDS/);
      expect(() => loadConfig({ ASSERTION_TTL_SECONDS: '61' })).toThrow(/ASSERTION_TTL_SECONDS/);
    },
  },
  {
    variable: 'ASSERTION_PRIVATE_KEY',
    effect: 'the gateway signs subgraph assertions with this Ed25519 key instead of the development one',
    async check(context) {
      const keys = ed25519Pair();
      const dev = (await testDevKeys()).assertion.publicKeyPem;
      const signed = await patientAssertion(context, {
        ASSERTION_PRIVATE_KEY: keys.privateKeyPem,
        ASSERTION_PUBLIC_KEY: keys.publicKeyPem,
      });
      expect([await verifiesWith(signed, keys.publicKeyPem), await verifiesWith(signed, dev)]).toEqual([true, false]);
      expect(await verifiesWith(await patientAssertion(context, {}), dev)).toBe(true);
    },
  },
  {
    variable: 'ASSERTION_PUBLIC_KEY',
    effect: 'subgraphs accept only assertions this key verifies',
    async check({ platform, defaults }) {
      const keys = ed25519Pair();
      const custom = await platform({
        ASSERTION_PRIVATE_KEY: keys.privateKeyPem,
        ASSERTION_PUBLIC_KEY: keys.publicKeyPem,
      });
      const admin = identityOf('admin@acme.test');
      const direct = async (on: RunningPlatform) =>
        outcomeOf(await callSubgraph(on.subgraphUrls.patient, 'patient', admin, { query: '{ me { userId } }' }));
      expect(outcomeOf(await ask(custom.gatewayUrl, '{ me { userId } }', await tokenFor('admin@acme.test')))).toEqual([
        200,
        [],
      ]);
      // callSubgraph signs as the gateway would, with the development key.
      expect(await direct(custom)).toEqual([401, ['UNAUTHENTICATED']]);
      expect(await direct(await defaults())).toEqual([200, []]);
    },
  },
];

export const networkRows: Row[] = [...portRows, ...urlRows, ...gatewayRows];
