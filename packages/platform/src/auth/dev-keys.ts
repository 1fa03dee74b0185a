// Development key pairs (user tokens and gateway assertions), created once in the data folder.
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, exportSPKI, exportPKCS8, generateKeyPair, type JWK } from 'jose';

export const DEV_TOKEN_ALG = 'ES256';
const ASSERTION_ALG = 'EdDSA';

export interface DevKeys {
  /** Signs development user tokens (`npm run token`); never accepted in production. */
  token: { kid: string; privateKeyPem: string; publicKeyPem: string; publicJwk: JWK };
  /** Signs the gateway's identity assertions to subgraphs. */
  assertion: { privateKeyPem: string; publicKeyPem: string };
}

function devKeysPath(dataDir: string): string {
  return join(dataDir, 'dev-keys.json');
}

/** Loads the development keys from `<dataDir>/dev-keys.json`, creating them on first use. */
export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  const file = devKeysPath(dataDir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  const token = await generateKeyPair(DEV_TOKEN_ALG, { extractable: true });
  const assertion = await generateKeyPair(ASSERTION_ALG, { extractable: true });
  const publicJwk = await exportJWK(token.publicKey);
  const kid = `dev-${Date.now().toString(36)}`;
  const keys: DevKeys = {
    token: {
      kid,
      privateKeyPem: await exportPKCS8(token.privateKey),
      publicKeyPem: await exportSPKI(token.publicKey),
      publicJwk: { ...publicJwk, kid, alg: DEV_TOKEN_ALG, use: 'sig' },
    },
    assertion: {
      privateKeyPem: await exportPKCS8(assertion.privateKey),
      publicKeyPem: await exportSPKI(assertion.publicKey),
    },
  };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, file); // atomic: fails if another process created the keys first
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  } finally {
    unlinkSync(temporary);
  }
}
