/*
 * Bundles signed during the test by the real Sigstore signing client against
 * a private Sigstore (@sigstore/mock's Fulcio, CT log and Rekor on
 * localhost), verified against that instance's own trusted root: the set-up
 * of a platform team that runs its own Sigstore.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startPrivateSigstore,
  type PrivateSigstore,
  type SignerClaims,
} from './__testUtils__/privateSigstore';
import {
  createSignatureVerifier,
  type SignatureVerifier,
} from './signatureVerifier';

const GITHUB_ACTIONS = 'https://token.actions.githubusercontent.com';
const RELEASE_WORKFLOW =
  'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main';
const COMMIT = '5f1c3a09d6a2b8e4c7f0e1d2a3b4c5d6e7f80912';

const releaseSigner: SignerClaims = {
  iss: GITHUB_ACTIONS,
  sub: RELEASE_WORKFLOW,
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sha: COMMIT,
  run_id: '4242',
  run_attempt: '1',
};

const identities = [
  {
    issuer: GITHUB_ACTIONS,
    subjectPattern:
      'https://github\\.com/acme/shop/\\.github/workflows/release\\.yml@refs/heads/main',
  },
];

/** An OCI image manifest: its sha256 is the image digest. */
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${'c'.repeat(64)}`,
      size: 1234,
    },
    layers: [],
  }),
);
const imageDigest = `sha256:${createHash('sha256')
  .update(manifest)
  .digest('hex')}`;
const otherDigest = `sha256:${'d'.repeat(64)}`;

/** What cosign v3 signs for an image: an in-toto statement about its digest. */
const cosignStatement = (digest: string) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [
    {
      name: 'registry.example.com/acme/shop',
      digest: { sha256: digest.slice(7) },
    },
  ],
  predicateType: 'https://sigstore.dev/cosign/sign/v1',
  predicate: {},
});

describe('createSignatureVerifier with a private Sigstore trusted root', () => {
  let sigstore: PrivateSigstore;
  let verifier: SignatureVerifier;

  beforeAll(async () => {
    sigstore = await startPrivateSigstore();
    verifier = createSignatureVerifier({
      trustedRoot: sigstore.trustedRoot,
      identities,
    });
  });

  afterAll(() => sigstore.close());

  it('verifies a cosign-style DSSE image signature and records the signer', async () => {
    const bundle = await sigstore.attest(
      cosignStatement(imageDigest),
      releaseSigner,
    );
    const result = verifier.verifyImageSignature({
      bundle,
      artifactDigest: imageDigest,
    });

    expect(result).toEqual({
      verified: true,
      reason: `signed by ${RELEASE_WORKFLOW} (issuer ${GITHUB_ACTIONS}) for ${imageDigest}`,
      bundleMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      content: 'dsseEnvelope',
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      signer: {
        subject: RELEASE_WORKFLOW,
        issuer: GITHUB_ACTIONS,
        sourceRepository: 'https://github.com/acme/shop',
        sourceRepositoryRef: 'refs/heads/main',
        sourceRepositoryDigest: COMMIT,
        runInvocationUri:
          'https://github.com/acme/shop/actions/runs/4242/attempts/1',
      },
      tlogIndex: Number(bundle.verificationMaterial.tlogEntries[0].logIndex),
      integratedTime: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/,
      ),
    });
  });

  it('verifies a message signature over the manifest bytes', async () => {
    const bundle = await sigstore.sign(manifest, releaseSigner);
    expect(
      verifier.verifyImageSignature({
        bundle,
        artifactDigest: imageDigest,
        artifact: manifest,
      }),
    ).toMatchObject({ verified: true, content: 'messageSignature' });
  });

  it('rejects a valid signature made for another image', async () => {
    const bundle = await sigstore.attest(
      cosignStatement(otherDigest),
      releaseSigner,
    );
    expect(
      verifier.verifyImageSignature({ bundle, artifactDigest: imageDigest }),
    ).toMatchObject({
      verified: false,
      reason: `signed digest ${otherDigest} does not match artifact ${imageDigest}`,
      signer: { subject: RELEASE_WORKFLOW },
    });
  });

  it('rejects a signature from a workflow the policy does not name', async () => {
    const forkWorkflow =
      'https://github.com/acme-fork/shop/.github/workflows/release.yml@refs/heads/main';
    const bundle = await sigstore.attest(cosignStatement(imageDigest), {
      iss: GITHUB_ACTIONS,
      sub: forkWorkflow,
    });
    expect(
      verifier.verifyImageSignature({ bundle, artifactDigest: imageDigest }),
    ).toMatchObject({
      verified: false,
      reason: `signer ${forkWorkflow} (issuer ${GITHUB_ACTIONS}) matches no trusted identity`,
    });
  });

  it('rejects the right subject vouched for by another issuer', async () => {
    const bundle = await sigstore.attest(cosignStatement(imageDigest), {
      iss: 'https://oidc.example.com',
      sub: RELEASE_WORKFLOW,
    });
    expect(
      verifier.verifyImageSignature({ bundle, artifactDigest: imageDigest })
        .reason,
    ).toBe(
      `signer ${RELEASE_WORKFLOW} (issuer https://oidc.example.com) matches no trusted identity`,
    );
  });

  it('rejects a payload swapped for a statement about another image', async () => {
    const bundle = await sigstore.attest(
      cosignStatement(otherDigest),
      releaseSigner,
    );
    const tampered = structuredClone(bundle);
    tampered.dsseEnvelope!.payload = Buffer.from(
      JSON.stringify(cosignStatement(imageDigest)),
    ).toString('base64');
    expect(
      verifier.verifyImageSignature({
        bundle: tampered,
        artifactDigest: imageDigest,
      }),
    ).toEqual({
      verified: false,
      reason:
        'bundle did not verify against the trusted root: DSSE payload hash mismatch (TLOG_BODY_ERROR)',
      bundleMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      content: 'dsseEnvelope',
    });
  });

  it('rejects a tampered message signature', async () => {
    const bundle = await sigstore.sign(manifest, releaseSigner);
    const signature = Buffer.from(bundle.messageSignature!.signature, 'base64');
    signature[signature.length - 1] ^= 0x01;
    const tampered = structuredClone(bundle);
    tampered.messageSignature!.signature = signature.toString('base64');
    expect(
      verifier.verifyImageSignature({
        bundle: tampered,
        artifactDigest: imageDigest,
        artifact: manifest,
      }).reason,
    ).toBe(
      'bundle did not verify against the trusted root: signature mismatch (TLOG_BODY_ERROR)',
    );
  });

  it('rejects a signed DSSE payload that is not an in-toto statement', async () => {
    const bundle = await sigstore.attest(
      { image: imageDigest },
      releaseSigner,
      'application/vnd.example+json',
    );
    expect(
      verifier.verifyImageSignature({ bundle, artifactDigest: imageDigest }),
    ).toMatchObject({
      verified: false,
      reason:
        'DSSE payload type application/vnd.example+json is not an in-toto statement',
      signer: { subject: RELEASE_WORKFLOW },
    });
  });

  it('rejects an in-toto payload without a subject', async () => {
    const bundle = await sigstore.attest(
      { ...cosignStatement(imageDigest), subject: [] },
      releaseSigner,
    );
    expect(
      verifier.verifyImageSignature({ bundle, artifactDigest: imageDigest })
        .reason,
    ).toBe(
      'DSSE payload is not an in-toto statement (subject: Too small: expected array to have >=1 items)',
    );
  });

  it('requires as many transparency-log entries as configured', async () => {
    const bundle = await sigstore.attest(
      cosignStatement(imageDigest),
      releaseSigner,
    );
    const demanding = createSignatureVerifier({
      trustedRoot: sigstore.trustedRoot,
      identities,
      tlogThreshold: 2,
    });
    expect(
      demanding.verifyImageSignature({ bundle, artifactDigest: imageDigest })
        .reason,
    ).toBe(
      'bundle did not verify against the trusted root: expected 2 tlog entries, got 1 (TLOG_ERROR)',
    );
  });

  describe('trusts only the configured root', () => {
    const publicGood = (name: string) =>
      JSON.parse(
        readFileSync(
          join(__dirname, '__fixtures__', 'public-good', name),
          'utf8',
        ),
      );

    it('rejects a public-good bundle under the private root', () => {
      const result = verifier.verifyAttestation({
        bundle: publicGood('a.txt.slsa-v1.sigstore.json'),
        artifactDigest:
          'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf',
      });
      expect(result).toEqual({
        verified: false,
        reason:
          'bundle did not verify against the trusted root: Failed to verify certificate chain (CERTIFICATE_ERROR)',
        bundleMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        content: 'dsseEnvelope',
      });
    });

    it('rejects a private bundle under the public-good root', async () => {
      const bundle = await sigstore.attest(
        cosignStatement(imageDigest),
        releaseSigner,
      );
      const publicVerifier = createSignatureVerifier({
        trustedRoot: publicGood('trusted_root.json'),
        identities,
      });
      const result = publicVerifier.verifyImageSignature({
        bundle,
        artifactDigest: imageDigest,
      });
      expect(result).toEqual({
        verified: false,
        reason:
          'bundle did not verify against the trusted root: Failed to verify certificate chain (CERTIFICATE_ERROR)',
        bundleMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        content: 'dsseEnvelope',
      });
    });
  });
});
