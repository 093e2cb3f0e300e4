/*
 * The third-party evidence fixtures of maestro-node (see the READMEs in
 * plugins/maestro-node/src/supplyChain/__fixtures__ and
 * signatures/__fixtures__), read as bytes so tests ingest them unchanged.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SUPPLY_CHAIN = resolve(
  __dirname,
  '../../../../maestro-node/src/supplyChain',
);

/** A document of maestro-node's `__fixtures__` folder. */
export function evidenceFixture(name: string): Buffer {
  return readFileSync(resolve(SUPPLY_CHAIN, '__fixtures__', name));
}

/** A file of maestro-node's `signatures/__fixtures__` folder (`public-good/…`, `slsa/…`). */
export function signatureFixture(path: string): Buffer {
  return readFileSync(resolve(SUPPLY_CHAIN, 'signatures/__fixtures__', path));
}

export const PUBLIC_GOOD_TRUSTED_ROOT_PATH = resolve(
  SUPPLY_CHAIN,
  'signatures/__fixtures__/public-good/trusted_root.json',
);

/** sha256 of `public-good/a.txt`, the artifact the public-good bundles sign. */
export const A_TXT_DIGEST =
  'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';

/** The signer of the sigstore-conformance bundles (read with openssl by maestro-node's tests). */
export const BEACON_IDENTITY = {
  issuer: 'https://token.actions.githubusercontent.com',
  subjectPattern:
    'https://github\\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/\\.github/workflows/[^/]+@refs/heads/main',
};

/** The SLSA builder of `public-good/a.txt.slsa-v1.sigstore.json`. */
export const A_TXT_BUILDER =
  'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main';
