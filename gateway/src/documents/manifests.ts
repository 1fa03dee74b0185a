// Reading trusted-document manifests (apollo-persisted-query-manifest v1), each checked whole before any is used.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@caregraph/platform';

export interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

/** client id → operation id → operation. */
export type Manifests = Map<string, Map<string, ManifestOperation>>;

/** A manifest that cannot be used, with the file it came from (at start, it stops the process like bad configuration). */
export class ManifestError extends ConfigError {
  override name = 'ManifestError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration:\n  TRUSTED_DOCUMENTS_DIR: ${file}: ${reason}`);
  }
}

/** Reads every `<client>.json` in the folder; the first file that is not a valid manifest throws a ManifestError. */
export function readManifests(dir: string): Manifests {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    throw new ManifestError(dir, 'the folder cannot be read');
  }
  return new Map(files.map((file) => [file.replace(/\.json$/, ''), readManifest(join(dir, file))]));
}

function readManifest(path: string): Map<string, ManifestOperation> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ManifestError(path, 'not readable JSON');
  }
  const { format, version, operations } = (manifest ?? {}) as Record<string, unknown>;
  if (format !== 'apollo-persisted-query-manifest' || version !== 1 || !Array.isArray(operations)) {
    throw new ManifestError(path, 'not an apollo-persisted-query-manifest, version 1, with an operations list');
  }
  const byId = new Map<string, ManifestOperation>();
  for (const [index, operation] of operations.entries()) {
    const { id, name, type, body } = (operation ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || typeof type !== 'string' || typeof body !== 'string') {
      throw new ManifestError(path, `operation ${index} needs string id, name, type and body`);
    }
    if (createHash('sha256').update(body).digest('hex') !== id) {
      throw new ManifestError(path, `operation ${index} (${name}): id is not the SHA-256 of its body`);
    }
    byId.set(id, { id, name, type, body });
  }
  return byId;
}
