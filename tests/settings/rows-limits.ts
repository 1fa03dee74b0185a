// Rows for the gateway's request limits: body, batch, variables, tokens, shape, cost, and who may introspect.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, Source, TokenKind } from 'graphql';
import { expect } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { tokenFor } from '@caregraph/platform/testing';
import type { Row } from './harness';
import { INTROSPECTION, production } from './production';
import { codes as codesOf } from '../support/probes';
import { ask, outcomeOf } from './requests';

/** Lexical tokens as graphql-js counts them against maxTokens (<EOF> not counted). */
function tokensIn(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** Codes of `query` sent as admin (no codes: it ran). */
async function codes(platform: RunningPlatform, query: string, variables?: Record<string, unknown>) {
  return codesOf(await ask(platform.gatewayUrl, query, await tokenFor('admin@acme.test'), variables));
}

async function postBody(platform: RunningPlatform, body: string) {
  const response = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('admin@acme.test')}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** `{ me { userId } }` padded with JSON whitespace to exactly `bytes` bytes. */
function bodyOfSize(bytes: number): string {
  const json = JSON.stringify({ query: '{ me { userId } }' });
  return json + ' '.repeat(bytes - Buffer.byteLength(json));
}

const batchOf = (size: number) => JSON.stringify(Array.from({ length: size }, () => ({ query: '{ me { userId } }' })));

/** Fields nested `levels` below the root field (graphql-depth-limit counts the root field as 0). */
const DEPTH_3 = '{ patients(first: 1) { nodes { name { family } } } }';
const DEPTH_4 = '{ patients(first: 1) { nodes { appointments(first: 1) { nodes { id } } } } }';
const aliases = (count: number) => `{ me { ${Array.from({ length: count }, (_, i) => `a${i}: userId`).join(' ')} } }`;
const TWO_DIRECTIVES = '{ me { userId @include(if: true) tenantId @skip(if: false) } }';
const ONE_DIRECTIVE = '{ me { userId @include(if: true) tenantId } }';
const TWO_ROOT_FIELDS = '{ me { userId } practitioners(first: 1) { nodes { id } } }';
const THREE_ROOT_FIELDS =
  '{ me { userId } practitioners(first: 1) { nodes { id } } patients(first: 1) { nodes { id } } }';
/** Costs 1 + n: the connection, and n practitioners. */
const practitioners = (n: number) => `{ practitioners(first: ${n}) { nodes { id } } }`;

/** The committed supergraph with `Patient.allergies` stripped of its @listSize: a list the default size applies to. */
function supergraphWithUnsizedAllergies(dir: string): string {
  const sdl = readFileSync('schema/supergraph.graphql', 'utf8');
  const sized = 'allergies: [Allergy!] @join__field(graph: PATIENT) @listSize(assumedSize: 5)';
  expect(sdl).toContain(sized);
  const file = join(dir, 'supergraph.graphql');
  writeFileSync(file, sdl.replace(sized, 'allergies: [Allergy!] @join__field(graph: PATIENT)'));
  return file;
}

export const limitRows: Row[] = [
  {
    variable: 'BODY_LIMIT_BYTES',
    effect: 'a body of exactly the limit is parsed, one byte more gets 413',
    async check({ platform, defaults }) {
      const custom = await platform({ BODY_LIMIT_BYTES: '2048' });
      expect((await postBody(custom, bodyOfSize(2048))).status).toBe(200);
      expect(await postBody(custom, bodyOfSize(2049))).toMatchObject({
        status: 413,
        body: { errors: [{ extensions: { code: 'BAD_REQUEST' } }] },
      });
      expect((await postBody(await defaults(), bodyOfSize(2049))).status).toBe(200);
    },
  },
  {
    variable: 'BATCH_MAX',
    effect: 'batches of up to BATCH_MAX operations run, longer ones get 400; 0 (default) refuses batches',
    async check({ platform, defaults }) {
      const custom = await platform({ BATCH_MAX: '2' });
      const two = await postBody(custom, batchOf(2));
      expect([two.status, (two.body as unknown[]).length]).toEqual([200, 2]);
      expect(await postBody(custom, batchOf(3))).toMatchObject({
        status: 400,
        body: { errors: [{ message: 'A batch may hold at most 2 operations', extensions: { code: 'BAD_REQUEST' } }] },
      });
      expect((await postBody(await defaults(), batchOf(2))).status).toBe(400);
    },
  },
  {
    variable: 'VARIABLE_STRING_MAX',
    effect: 'a variable string longer than the limit is BAD_USER_INPUT naming the variable',
    async check({ platform, defaults }) {
      const custom = await platform({ VARIABLE_STRING_MAX: '10' });
      const query = 'query Search($s: String) { patients(first: 1, search: $s) { nodes { id } } }';
      const sent = async (on: RunningPlatform, length: number) => {
        const response = await ask(on.gatewayUrl, query, await tokenFor('admin@acme.test'), { s: 'x'.repeat(length) });
        return response.body.errors?.map((error) => [error.extensions?.code, error.extensions?.field]) ?? [];
      };
      expect(await sent(custom, 10)).toEqual([]);
      expect(await sent(custom, 11)).toEqual([['BAD_USER_INPUT', '$s']]);
      expect(await sent(await defaults(), 11)).toEqual([]);
    },
  },
  {
    variable: 'MAX_TOKENS',
    effect: 'a document of more lexical tokens than the limit is TOKEN_LIMIT_EXCEEDED',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_TOKENS: '40' });
      const withTokens = (count: number) => `{ me { ${'userId '.repeat(count - 5)}} }`;
      expect([tokensIn(withTokens(40)), tokensIn(withTokens(41))]).toEqual([40, 41]);
      expect(await codes(custom, withTokens(40))).toEqual([]);
      expect(await codes(custom, withTokens(41))).toEqual(['TOKEN_LIMIT_EXCEEDED']);
      expect(await codes(await defaults(), withTokens(41))).toEqual([]);
    },
  },
  {
    variable: 'MAX_DEPTH',
    effect: 'fields nested deeper than the limit are DEPTH_LIMIT_EXCEEDED',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_DEPTH: '3' });
      expect(await codes(custom, DEPTH_3)).toEqual([]);
      expect(await codes(custom, DEPTH_4)).toEqual(['DEPTH_LIMIT_EXCEEDED']);
      expect(await codes(await defaults(), DEPTH_4)).toEqual([]);
    },
  },
  {
    variable: 'MAX_ALIASES',
    effect: 'more aliases than the limit are ALIAS_LIMIT_EXCEEDED',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_ALIASES: '2' });
      expect(await codes(custom, aliases(2))).toEqual([]);
      const refused = await ask(custom.gatewayUrl, aliases(3), await tokenFor('admin@acme.test'));
      expect(refused.body.errors?.map((error) => [error.extensions?.code, error.extensions?.limit])).toEqual([
        ['ALIAS_LIMIT_EXCEEDED', 2],
      ]);
      expect(await codes(await defaults(), aliases(3))).toEqual([]);
    },
  },
  {
    variable: 'MAX_DIRECTIVES',
    effect: 'more directives than the limit are DIRECTIVE_LIMIT_EXCEEDED',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_DIRECTIVES: '1' });
      expect(await codes(custom, ONE_DIRECTIVE)).toEqual([]);
      expect(await codes(custom, TWO_DIRECTIVES)).toEqual(['DIRECTIVE_LIMIT_EXCEEDED']);
      expect(await codes(await defaults(), TWO_DIRECTIVES)).toEqual([]);
    },
  },
  {
    variable: 'MAX_ROOT_FIELDS',
    effect: 'more root fields than the limit are ROOT_FIELD_LIMIT_EXCEEDED',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_ROOT_FIELDS: '2' });
      expect(await codes(custom, TWO_ROOT_FIELDS)).toEqual([]);
      expect(await codes(custom, THREE_ROOT_FIELDS)).toEqual(['ROOT_FIELD_LIMIT_EXCEEDED']);
      expect(await codes(await defaults(), THREE_ROOT_FIELDS)).toEqual([]);
    },
  },
  {
    variable: 'MAX_COST',
    effect: 'an operation estimated above the limit is COST_LIMIT_EXCEEDED; a limit above a capacity is refused',
    async check({ platform, defaults }) {
      const custom = await platform({ MAX_COST: '40' });
      const admin = await tokenFor('admin@acme.test');
      const atLimit = await ask(custom.gatewayUrl, practitioners(39), admin);
      expect([codesOf(atLimit), (atLimit.body.extensions?.cost as { estimated: number }).estimated]).toEqual([[], 40]);
      const over = await ask(custom.gatewayUrl, practitioners(40), admin);
      expect(over.body.errors?.map((error) => [error.extensions?.code, error.extensions?.cost])).toEqual([
        ['COST_LIMIT_EXCEEDED', { estimated: 41, limit: 40 }],
      ]);
      expect(await codes(await defaults(), practitioners(40))).toEqual([]);
      await expect(platform({ MAX_COST: '50001' })).rejects.toThrow(
        /MAX_COST: must not exceed any rate-limit capacity/,
      );
    },
  },
  {
    variable: 'COST_DEFAULT_LIST_SIZE',
    effect: 'the size the cost estimate assumes for a list field without @listSize (reported in extensions.cost)',
    async check({ platform, tempDir }) {
      const supergraph = supergraphWithUnsizedAllergies(tempDir());
      const query = '{ patient(id: "00000000-0000-4000-8000-000000000000") { allergies { substance } } }';
      const estimate = async (env: NodeJS.ProcessEnv) => {
        const on = await platform({ SUPERGRAPH_PATH: supergraph, ...env });
        const response = await ask(on.gatewayUrl, query, await tokenFor('doctor@acme.test'));
        return [codesOf(response), (response.body.extensions?.cost as { estimated: number }).estimated];
      };
      // patient (1) + allergies (1 per item) × the assumed size
      expect(await estimate({ COST_DEFAULT_LIST_SIZE: '3' })).toEqual([[], 4]);
      expect(await estimate({})).toEqual([[], 11]);
    },
  },
  {
    variable: 'INTROSPECTION_ROLES',
    effect: 'in production only these roles may introspect',
    async check(context) {
      const { env, tokenFor: idpToken } = await production(context);
      const { platform } = context;
      const introspect = async (on: RunningPlatform, login: string) =>
        outcomeOf(await ask(on.gatewayUrl, INTROSPECTION, await idpToken(login)));
      const doctors = await platform({ ...env, INTROSPECTION_ROLES: 'doctor' });
      expect(await introspect(doctors, 'doctor@acme.test')).toEqual([200, []]);
      expect(await introspect(doctors, 'admin@acme.test')).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
      const nobody = await platform(env);
      expect(await introspect(nobody, 'doctor@acme.test')).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    },
  },
];
