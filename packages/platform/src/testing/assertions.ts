// Calling a subgraph directly the way the gateway does: an assertion signed for that subgraph, request id and body.
import { randomUUID } from 'node:crypto';
import { ASSERTION_HEADER, REQUEST_ID_HEADER, bodyHash, createAssertionSigner } from '../auth/assertion';
import type { Identity } from '../auth/identity';
import type { GraphQLResponse } from './http';
import { testDevKeys } from './tokens';

export interface SubgraphCall {
  query: string;
  variables?: Record<string, unknown>;
}

/** The exact body, headers and assertion of a direct subgraph request (tests replay or bend them). */
export async function signedSubgraphRequest(
  audience: string,
  identity: Identity,
  call: SubgraphCall,
  options: { requestId?: string; privateKeyPem?: string } = {},
) {
  const body = JSON.stringify(call);
  const requestId = options.requestId ?? randomUUID();
  const sign = await createAssertionSigner(options.privateKeyPem ?? (await testDevKeys()).assertion.privateKeyPem, 30);
  const assertion = await sign(identity, { audience, requestId, bodyHash: bodyHash(body) });
  return { body, requestId, headers: { [ASSERTION_HEADER]: assertion, [REQUEST_ID_HEADER]: requestId } };
}

/** POSTs a raw body with the given headers to a subgraph and parses the answer. */
export async function postRaw<TData = Record<string, any>>(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {}, text };
}

/** One direct subgraph request signed as the gateway would sign it. */
export async function callSubgraph(
  url: string,
  audience: string,
  identity: Identity,
  call: SubgraphCall,
): Promise<GraphQLResponse<Record<string, any>>> {
  const signed = await signedSubgraphRequest(audience, identity, call);
  return postRaw(url, signed.body, signed.headers);
}
