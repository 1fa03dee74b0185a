// Persisted documents for tests: manifest operations by name, APQ hashes, and POSTs by id.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { postGraphQL } from '@caregraph/platform/testing';

export interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

export function manifestOperation(client: string, name: string): ManifestOperation {
  const manifest = JSON.parse(readFileSync(`schema/persisted/${client}.json`, 'utf8')) as {
    operations: ManifestOperation[];
  };
  const operation = manifest.operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`${client} has no operation ${name}`);
  return operation;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** POSTs an operation by id (with the document too when `query` is given), APQ-style. */
export function postById(
  url: string,
  token: string,
  id: string,
  options: { query?: string; variables?: Record<string, unknown> } = {},
) {
  return postGraphQL(url, {
    query: options.query as string,
    variables: options.variables,
    token,
    extensions: { persistedQuery: { version: 1, sha256Hash: id } },
  });
}
