/*
 * The `maestro.supplyChain.signatures` block of app-config:
 *
 *   maestro:
 *     supplyChain:
 *       signatures:
 *         # Sigstore trusted_root.json: public-good (from Sigstore's TUF repo,
 *         # targets/trusted_root.json) or a private Sigstore's own.
 *         trustedRootPath: /etc/maestro/sigstore/trusted_root.json
 *         identities:
 *           - issuer: https://token.actions.githubusercontent.com
 *             subjectPattern: https://github\.com/acme/[^/]+/\.github/workflows/release\.yml@refs/heads/main
 *         tlogThreshold: 1     # optional
 *         ctlogThreshold: 1    # optional
 *         allowedBuilders:     # optional, SLSA builder ids
 *           - https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml
 *
 * The trusted root is a file rather than inline config because it is a
 * signed artifact platform teams refresh from TUF, not something to retype.
 */
import { readFile } from 'node:fs/promises';
import type { SignatureVerifierOptions } from './signatureVerifier';
import type { TrustedIdentity } from './signerIdentity';

/**
 * The part of Backstage's `Config` this module reads, declared structurally
 * so the library does not depend on `@backstage/config`.
 *
 * @public
 */
export type SignatureConfigReader = {
  getOptionalConfig(key: string): SignatureConfigReader | undefined;
  getOptional(key: string): unknown;
  getString(key: string): string;
  getOptionalNumber(key: string): number | undefined;
  getOptionalStringArray(key: string): string[] | undefined;
};

/** @public */
export interface SignatureConfig {
  verifierOptions: SignatureVerifierOptions;
  allowedBuilders?: string[];
}

const KEY = 'maestro.supplyChain.signatures';

function readIdentities(value: unknown): TrustedIdentity[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `Invalid config ${KEY}.identities: expected a non-empty list of { issuer, subjectPattern }`,
    );
  }
  return value.map((entry, index) => {
    const { issuer, subjectPattern } = (entry ?? {}) as Record<string, unknown>;
    if (typeof issuer !== 'string' || typeof subjectPattern !== 'string') {
      throw new Error(
        `Invalid config ${KEY}.identities[${index}]: issuer and subjectPattern must be strings`,
      );
    }
    return { issuer, subjectPattern };
  });
}

/**
 * Reads `maestro.supplyChain.signatures` and the trusted root file it names.
 * Returns undefined when the block is absent (signature checks are off);
 * throws an Error naming the key when it is malformed, so startup fails.
 *
 * @public
 */
export async function readSignatureConfig(
  config: SignatureConfigReader,
  options: { readTextFile?: (path: string) => Promise<string> } = {},
): Promise<SignatureConfig | undefined> {
  const block = config.getOptionalConfig(KEY);
  if (!block) return undefined;
  const trustedRootPath = block.getString('trustedRootPath');
  const readTextFile =
    options.readTextFile ?? ((path: string) => readFile(path, 'utf8'));
  let trustedRoot: unknown;
  try {
    trustedRoot = JSON.parse(await readTextFile(trustedRootPath));
  } catch (error) {
    throw new Error(
      `Invalid config ${KEY}.trustedRootPath: cannot read ${trustedRootPath} as JSON: ${
        (error as Error).message
      }`,
    );
  }
  const allowedBuilders = block.getOptionalStringArray('allowedBuilders');
  return {
    verifierOptions: {
      trustedRoot,
      identities: readIdentities(block.getOptional('identities')),
      tlogThreshold: block.getOptionalNumber('tlogThreshold'),
      ctlogThreshold: block.getOptionalNumber('ctlogThreshold'),
    },
    ...(allowedBuilders && { allowedBuilders }),
  };
}
