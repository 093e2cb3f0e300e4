import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readSignatureConfig,
  type SignatureConfigReader,
} from './signatureConfig';
import { createSignatureVerifier } from './signatureVerifier';

/** A stand-in for Backstage's ConfigReader over plain data. */
function configOf(data: Record<string, unknown>): SignatureConfigReader {
  const at = (key: string) =>
    key
      .split('.')
      .reduce<unknown>(
        (value, part) => (value as Record<string, unknown> | undefined)?.[part],
        data,
      );
  return {
    getOptionalConfig: key => {
      const value = at(key);
      return value === undefined
        ? undefined
        : configOf(value as Record<string, unknown>);
    },
    getOptional: key => at(key),
    getString: key => {
      const value = at(key);
      if (typeof value !== 'string')
        throw new Error(`Missing required config value at '${key}'`);
      return value;
    },
    getOptionalNumber: key => at(key) as number | undefined,
    getOptionalStringArray: key => at(key) as string[] | undefined,
  };
}

const trustedRootPath = join(
  __dirname,
  '__fixtures__',
  'public-good',
  'trusted_root.json',
);
const identity = {
  issuer: 'https://token.actions.githubusercontent.com',
  subjectPattern: 'https://github\\.com/acme/.*',
};

describe('readSignatureConfig', () => {
  it('is off when maestro.supplyChain.signatures is absent', async () => {
    await expect(
      readSignatureConfig(configOf({ maestro: {} })),
    ).resolves.toBeUndefined();
  });

  it('reads the trusted root file and the identity policy', async () => {
    const config = await readSignatureConfig(
      configOf({
        maestro: {
          supplyChain: {
            signatures: {
              trustedRootPath,
              identities: [identity],
              tlogThreshold: 1,
              allowedBuilders: [
                'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
              ],
            },
          },
        },
      }),
    );
    expect(config).toEqual({
      verifierOptions: {
        trustedRoot: JSON.parse(readFileSync(trustedRootPath, 'utf8')),
        identities: [identity],
        tlogThreshold: 1,
        ctlogThreshold: undefined,
      },
      allowedBuilders: [
        'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
      ],
    });
    expect(() =>
      createSignatureVerifier(config!.verifierOptions),
    ).not.toThrow();
  });

  it('names the key when the identity list is missing or malformed', async () => {
    const read = (signatures: object) =>
      readSignatureConfig(
        configOf({ maestro: { supplyChain: { signatures } } }),
      );
    await expect(read({ trustedRootPath })).rejects.toThrow(
      'Invalid config maestro.supplyChain.signatures.identities: expected a non-empty list of { issuer, subjectPattern }',
    );
    await expect(
      read({ trustedRootPath, identities: [{ issuer: identity.issuer }] }),
    ).rejects.toThrow(
      'Invalid config maestro.supplyChain.signatures.identities[0]: issuer and subjectPattern must be strings',
    );
  });

  it('names the file it cannot read', async () => {
    await expect(
      readSignatureConfig(
        configOf({
          maestro: {
            supplyChain: {
              signatures: {
                trustedRootPath: '/nonexistent/trusted_root.json',
                identities: [identity],
              },
            },
          },
        }),
      ),
    ).rejects.toThrow(
      /^Invalid config maestro\.supplyChain\.signatures\.trustedRootPath: cannot read \/nonexistent\/trusted_root\.json as JSON: ENOENT/,
    );
  });
});
