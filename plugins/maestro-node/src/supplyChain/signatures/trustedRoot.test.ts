import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrustedRoot } from './trustedRoot';

const publicGood = () =>
  JSON.parse(
    readFileSync(
      join(__dirname, '__fixtures__', 'public-good', 'trusted_root.json'),
      'utf8',
    ),
  );

describe('parseTrustedRoot', () => {
  it('decodes the public-good trusted root from sigstore/root-signing', () => {
    const material = parseTrustedRoot(publicGood());
    expect(material.tlogs.map(log => log.baseURL)).toEqual([
      'https://rekor.sigstore.dev',
      'https://log2025-1.rekor.sigstore.dev',
    ]);
    expect(material.tlogs[0].logID.toString('base64')).toBe(
      'wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=',
    );
    expect(material.tlogs[0].validFor.start.toISOString()).toBe(
      '2021-01-12T11:53:27.000Z',
    );
    expect(material.tlogs[1].publicKey.asymmetricKeyType).toBe('ed25519');
    expect(
      material.certificateAuthorities.map(ca => ca.certChain.length),
    ).toEqual([1, 2]);
    expect(material.ctlogs).toHaveLength(2);
    expect(material.timestampAuthorities).toHaveLength(1);
  });

  it('names the field that is not base64', () => {
    const root = publicGood();
    root.tlogs[0].publicKey.rawBytes = 'not base64!';
    expect(() => parseTrustedRoot(root)).toThrow(
      'Invalid Sigstore trusted root: tlogs.0.publicKey.rawBytes: expected base64',
    );
  });

  it('refuses a document that is not a trusted root', () => {
    expect(() => parseTrustedRoot({ mediaType: 'application/json' })).toThrow(
      'Invalid Sigstore trusted root: mediaType: expected a Sigstore trusted root media type',
    );
    expect(() => parseTrustedRoot(undefined)).toThrow(
      /^Invalid Sigstore trusted root: \(root\): /,
    );
  });

  it('refuses a root that trusts no certificate authority', () => {
    const root = publicGood();
    root.certificateAuthorities = [];
    expect(() => parseTrustedRoot(root)).toThrow(
      'Invalid Sigstore trusted root: no certificateAuthorities, so no signing certificate can be trusted',
    );
  });

  it('refuses a certificate that does not parse', () => {
    const root = publicGood();
    root.certificateAuthorities[0].certChain.certificates[0].rawBytes = 'AAAA';
    expect(() => parseTrustedRoot(root)).toThrow(
      'Invalid Sigstore trusted root: unsupported tag 0x00',
    );
  });
});
