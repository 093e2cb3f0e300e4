import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_GATES,
  DEFAULT_MAX_DOCUMENT_BYTES,
  gateOf,
  readSupplyChainConfig,
} from './supplyChainConfig';

const read = (supplyChain: object, allowedBuilders?: string[]) =>
  readSupplyChainConfig(
    new ConfigReader({ maestro: { supplyChain } }),
    allowedBuilders,
  );

describe('readSupplyChainConfig', () => {
  it('has the built-in gates and limits when nothing is configured', () => {
    const config = readSupplyChainConfig(new ConfigReader({}));
    expect(config).toEqual({
      maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES,
      maxExemptionDays: 90,
      gates: DEFAULT_GATES,
    });
    expect(gateOf(config, 'staging')).toMatchObject({
      requireSignature: true,
      maxCritical: 0,
      maxHigh: 5,
      requirePolicyPass: true,
    });
  });

  it('merges configured gates over the built-in ones and gives unknown channels the prod gate', () => {
    const config = read(
      {
        maxDocumentBytes: 1024,
        exemptions: { maxDurationDays: 30 },
        gates: {
          prod: { maxHigh: 0, allowedBuilders: ['https://builder.example/b'] },
          qa: { requireProvenance: false },
        },
      },
      ['https://github.com/slsa-framework/slsa-github-generator'],
    );
    expect(config.maxDocumentBytes).toBe(1024);
    expect(config.maxExemptionDays).toBe(30);
    expect(config.gates.prod).toEqual({
      ...DEFAULT_GATES.prod,
      maxHigh: 0,
      allowedBuilders: ['https://builder.example/b'],
    });
    expect(config.gates.qa).toEqual({
      ...DEFAULT_GATES.prod,
      requireProvenance: false,
      allowedBuilders: [
        'https://github.com/slsa-framework/slsa-github-generator',
      ],
    });
    expect(gateOf(config, 'canary')).toBe(config.gates.prod);
  });

  it.each([
    [{ gates: { prod: { maxCritical: -1 } } }, /gates.prod.maxCritical/],
    [{ gates: { prod: { maxHigh: 1.5 } } }, /gates.prod.maxHigh/],
    [{ maxDocumentBytes: 2 * 1024 ** 3 }, /maxDocumentBytes: at most/],
  ])('refuses %j naming the key', (supplyChain, message) => {
    expect(() => read(supplyChain)).toThrow(message);
  });
});
