/*
 * Real public-good Sigstore bundles from sigstore-conformance, checked against
 * the public-good trusted root from sigstore/root-signing (see
 * __fixtures__/README.md). Expected identities were read from the
 * certificates with `openssl x509 -text`, not from this code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSignatureVerifier } from './signatureVerifier';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '__fixtures__', 'public-good', name));
const json = (name: string) => JSON.parse(fixture(name).toString('utf8'));

const trustedRoot = json('trusted_root.json');
const artifact = fixture('a.txt');
const artifactDigest =
  'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const otherDigest = `sha256:${'0'.repeat(64)}`;

const BEACON =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon';
const BEACON_WORKFLOW = `${BEACON}/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main`;
const GITHUB_ACTIONS = 'https://token.actions.githubusercontent.com';

const beaconPolicy = [
  {
    issuer: GITHUB_ACTIONS,
    subjectPattern:
      'https://github\\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/\\.github/workflows/[^/]+@refs/heads/main',
  },
];

const verifier = createSignatureVerifier({
  trustedRoot,
  identities: beaconPolicy,
});

/** Base64 field with one bit of its decoded bytes flipped. */
function flipBit(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

describe('createSignatureVerifier with the public-good trusted root', () => {
  describe('message signature bundle (a.txt.sigstore.json)', () => {
    const bundle = json('a.txt.sigstore.json');

    it('verifies and records the signer, log index and time', () => {
      expect(
        verifier.verifyImageSignature({ bundle, artifactDigest, artifact }),
      ).toEqual({
        verified: true,
        reason: `signed by ${BEACON_WORKFLOW} (issuer ${GITHUB_ACTIONS}) for ${artifactDigest}`,
        bundleMediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.3',
        content: 'messageSignature',
        signer: {
          subject: BEACON_WORKFLOW,
          issuer: GITHUB_ACTIONS,
          buildSignerUri: BEACON_WORKFLOW,
          sourceRepository: BEACON,
          sourceRepositoryDigest: 'c7b3dfb335f051e1c86bda4c716fac97df62ad81',
          sourceRepositoryRef: 'refs/heads/main',
          runInvocationUri: `${BEACON}/actions/runs/8347481628/attempts/1`,
        },
        tlogIndex: 79571823,
        integratedTime: '2024-03-19T17:26:26.000Z',
      });
    });

    it('accepts the bundle as JSON text', () => {
      const result = verifier.verifyImageSignature({
        bundle: JSON.stringify(bundle),
        artifactDigest,
        artifact,
      });
      expect(result.verified).toBe(true);
    });

    it('rejects it for another artifact digest', () => {
      expect(
        verifier.verifyImageSignature({ bundle, artifactDigest: otherDigest }),
      ).toEqual({
        verified: false,
        reason: `signed digest ${artifactDigest} does not match artifact ${otherDigest}`,
        bundleMediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.3',
        content: 'messageSignature',
      });
    });

    it('does not claim a message signature verified without the signed bytes', () => {
      const result = verifier.verifyImageSignature({ bundle, artifactDigest });
      expect(result.verified).toBe(false);
      expect(result.reason).toBe(
        `message signature over ${artifactDigest} cannot be checked without the artifact bytes`,
      );
    });

    it('rejects bytes that are not the artifact', () => {
      const bytes = Buffer.from('not a.txt');
      const result = verifier.verifyImageSignature({
        bundle,
        artifactDigest,
        artifact: bytes,
      });
      expect(result.reason).toBe(
        `artifact bytes hash to sha256:${createHash('sha256')
          .update(bytes)
          .digest('hex')}, not ${artifactDigest}`,
      );
    });

    it('rejects a tampered signature', () => {
      const tampered = structuredClone(bundle);
      tampered.messageSignature.signature = flipBit(
        bundle.messageSignature.signature,
        40,
      );
      const result = verifier.verifyImageSignature({
        bundle: tampered,
        artifactDigest,
        artifact,
      });
      expect(result).toEqual({
        verified: false,
        reason:
          'bundle did not verify against the trusted root: signature mismatch (TLOG_BODY_ERROR)',
        bundleMediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.3',
        content: 'messageSignature',
      });
    });
  });

  describe('DSSE attestation bundle (a.txt.slsa-v1.sigstore.json)', () => {
    const bundle = json('a.txt.slsa-v1.sigstore.json');

    it('verifies and returns the signed statement', () => {
      const result = verifier.verifyAttestation({ bundle, artifactDigest });
      expect(result).toMatchObject({
        verified: true,
        content: 'dsseEnvelope',
        predicateType: 'https://slsa.dev/provenance/v1',
        tlogIndex: 155690850,
        integratedTime: '2024-12-16T18:42:56.000Z',
        signer: {
          subject: BEACON_WORKFLOW,
          issuer: GITHUB_ACTIONS,
          sourceRepositoryDigest: '82a3bfe6dd50fe9c71d6315eae66da15307856cf',
        },
      });
      expect(result.statement?.subject).toEqual([
        { name: 'a.txt', digest: { sha256: artifactDigest.slice(7) } },
      ]);
    });

    it('leaves the statement out of an image-signature result', () => {
      const result = verifier.verifyImageSignature({ bundle, artifactDigest });
      expect(result.verified).toBe(true);
      expect(result).not.toHaveProperty('statement');
    });

    it('rejects it for another artifact digest, after the signature checked out', () => {
      const result = verifier.verifyAttestation({
        bundle,
        artifactDigest: otherDigest,
      });
      expect(result).toMatchObject({
        verified: false,
        reason: `signed digest ${artifactDigest} does not match artifact ${otherDigest}`,
        signer: { subject: BEACON_WORKFLOW },
      });
      expect(result.statement).toBeUndefined();
    });

    it('rejects a tampered payload', () => {
      const tampered = structuredClone(bundle);
      tampered.dsseEnvelope.payload = flipBit(bundle.dsseEnvelope.payload, 200);
      const result = verifier.verifyAttestation({
        bundle: tampered,
        artifactDigest,
      });
      expect(result).toEqual({
        verified: false,
        reason:
          'bundle did not verify against the trusted root: DSSE payload hash mismatch (TLOG_BODY_ERROR)',
        bundleMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        content: 'dsseEnvelope',
      });
    });

    it('rejects a changed payload type, which the signature covers', () => {
      // The transparency-log entry records only payload hash and signature,
      // so this reaches the signature check itself (DSSE PAE).
      const tampered = structuredClone(bundle);
      tampered.dsseEnvelope.payloadType = 'application/json';
      expect(
        verifier.verifyAttestation({ bundle: tampered, artifactDigest }).reason,
      ).toBe(
        'bundle did not verify against the trusted root: signature verification failed (SIGNATURE_ERROR)',
      );
    });

    it('rejects a message signature where an attestation is expected', () => {
      const result = verifier.verifyAttestation({
        bundle: json('a.txt.sigstore.json'),
        artifactDigest,
      });
      expect(result.reason).toBe(
        'attestation bundle holds a message signature, not a DSSE envelope',
      );
    });
  });

  describe('identity policy', () => {
    const bundle = json('a.txt.slsa-v1.sigstore.json');

    it('names the observed signer when the subject is not trusted', () => {
      const strict = createSignatureVerifier({
        trustedRoot,
        identities: [
          {
            issuer: GITHUB_ACTIONS,
            subjectPattern: 'https://github\\.com/acme/.*',
          },
        ],
      });
      const result = strict.verifyImageSignature({ bundle, artifactDigest });
      expect(result).toMatchObject({
        verified: false,
        reason: `signer ${BEACON_WORKFLOW} (issuer ${GITHUB_ACTIONS}) matches no trusted identity`,
        signer: { subject: BEACON_WORKFLOW, issuer: GITHUB_ACTIONS },
      });
    });

    it('requires the issuer as well as the subject', () => {
      const otherIssuer = createSignatureVerifier({
        trustedRoot,
        identities: [
          { ...beaconPolicy[0], issuer: 'https://accounts.google.com' },
        ],
      });
      expect(
        otherIssuer.verifyImageSignature({ bundle, artifactDigest }).reason,
      ).toBe(
        `signer ${BEACON_WORKFLOW} (issuer ${GITHUB_ACTIONS}) matches no trusted identity`,
      );
    });

    it('anchors the subject pattern at both ends', () => {
      const prefixOnly = createSignatureVerifier({
        trustedRoot,
        identities: [{ issuer: GITHUB_ACTIONS, subjectPattern: BEACON }],
      });
      expect(
        prefixOnly.verifyImageSignature({ bundle, artifactDigest }).verified,
      ).toBe(false);
    });

    it('trusts a signer any listed identity admits', () => {
      const either = createSignatureVerifier({
        trustedRoot,
        identities: [
          {
            issuer: 'https://accounts.google.com',
            subjectPattern: '.*@acme\\.com',
          },
          ...beaconPolicy,
        ],
      });
      expect(
        either.verifyImageSignature({ bundle, artifactDigest }).verified,
      ).toBe(true);
    });
  });

  describe('malformed input', () => {
    it.each([
      [null, 'malformed sigstore bundle: not a JSON object', 'unknown'],
      ['{not json', 'malformed sigstore bundle: not a JSON object', 'unknown'],
      [
        {},
        'malformed sigstore bundle: invalid bundle (mediaType, content, verificationMaterial)',
        'unknown',
      ],
      [
        { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
        'malformed sigstore bundle: invalid bundle (content, verificationMaterial)',
        'application/vnd.dev.sigstore.bundle.v0.3+json',
      ],
    ])('reports %j as not verified', (bundle, reason, bundleMediaType) => {
      expect(verifier.verifyImageSignature({ bundle, artifactDigest })).toEqual(
        { verified: false, reason, bundleMediaType },
      );
    });

    it('reports a bundle signed with a bare public key', () => {
      const bundle = json('a.txt.slsa-v1.sigstore.json');
      bundle.verificationMaterial = {
        publicKey: { hint: 'release-key' },
        tlogEntries: bundle.verificationMaterial.tlogEntries,
      };
      expect(
        verifier.verifyImageSignature({ bundle, artifactDigest }).reason,
      ).toBe(
        'bundle is signed with a public key (hint release-key), not a Fulcio certificate; only certificate identities can be trusted',
      );
    });

    it('reports a certificate that does not parse', () => {
      const bundle = json('a.txt.slsa-v1.sigstore.json');
      bundle.verificationMaterial.certificate.rawBytes = 'AAAA';
      expect(
        verifier.verifyImageSignature({ bundle, artifactDigest }).reason,
      ).toBe('malformed sigstore bundle: unsupported tag 0x00');
    });

    it('throws on a malformed artifact digest, which is the caller’s bug', () => {
      expect(() =>
        verifier.verifyImageSignature({
          bundle: {},
          artifactDigest: artifactDigest.toUpperCase(),
        }),
      ).toThrow(TypeError);
    });
  });

  it('refuses an empty identity policy or a broken pattern at creation', () => {
    expect(() =>
      createSignatureVerifier({ trustedRoot, identities: [] }),
    ).toThrow('Signature identity policy is empty');
    expect(() =>
      createSignatureVerifier({
        trustedRoot,
        identities: [{ issuer: GITHUB_ACTIONS, subjectPattern: '(' }],
      }),
    ).toThrow('Signature identity 0 has an invalid subjectPattern');
  });
});
