import { InputError } from '@backstage/errors';
import { createSignatureVerifier } from '@maestro-conductor/backstage-plugin-maestro-node';
import {
  A_TXT_BUILDER,
  A_TXT_DIGEST,
  BEACON_IDENTITY,
  evidenceFixture,
  signatureFixture,
} from './__testUtils__/fixtures';
import { NO_TRUST_ROOT, readEvidence } from './evidenceReading';

const artifact = {
  repository: 'ghcr.io/acme/payments-api',
  digest: A_TXT_DIGEST,
};
const verifier = createSignatureVerifier({
  trustedRoot: JSON.parse(
    signatureFixture('public-good/trusted_root.json').toString('utf8'),
  ),
  identities: [BEACON_IDENTITY],
});
const BEACON_WORKFLOW =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';

/** Reading the content for the artifact, to assert what it throws. */
const reading =
  (content: Buffer, image = artifact) =>
  () =>
    readEvidence({ content, artifact: image });

describe('readEvidence', () => {
  it('reads a CycloneDX 1.7 BOM into components and findings, by content', () => {
    const read = readEvidence({
      content: evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'),
      artifact,
    });
    expect(read.detected).toEqual({
      kind: 'sbom-and-vulnerability-report',
      format: 'cyclonedx-json',
      version: '1.7',
    });
    expect(read.findings?.map(f => `${f.id} ${f.severity}`)).toEqual([
      'CVE-2019-11358 medium',
    ]);
    expect(read.subject).toEqual({
      name: 'testdata/fixtures/repo/npm',
      images: [],
    });
    expect(read.warnings).toEqual([]);
    expect(read.tool).toEqual({ name: 'trivy', version: 'dev' });
    expect(read.components).toHaveLength(13);
    expect(read.components).toContainEqual(
      expect.objectContaining({
        name: 'react',
        version: '16.8.6',
        relationship: 'direct',
      }),
    );
  });

  it('reads a Trivy report into findings, and a UTF-8 byte order mark does not matter', () => {
    const content = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      evidenceFixture('trivy-fluentd-gems.json'),
    ]);
    const read = readEvidence({ content, artifact });
    expect(read.detected.format).toBe('trivy-json');
    expect(read.findings?.map(f => `${f.id} ${f.severity}`)).toEqual([
      'CVE-2019-18224 critical',
      'CVE-2020-8165 high',
    ]);
  });

  it('accepts an SBOM whose only digest is a package checksum', () => {
    const read = readEvidence({
      content: evidenceFixture('spdx-2.3-spdx-spec-example.spdx.json'),
      artifact,
    });
    expect(read.detected.format).toBe('spdx-json');
  });

  it.each([
    ['an empty body', Buffer.from(''), /The evidence document is empty/],
    [
      'invalid JSON',
      Buffer.from('{"bomFormat": "CycloneDX",'),
      /is not valid JSON/,
    ],
    [
      'an XML SBOM',
      Buffer.from('<bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>'),
      /XML/,
    ],
    [
      'JSON that is no evidence',
      Buffer.from('{"name": "package.json"}'),
      /is not an SBOM, vulnerability report/,
    ],
    [
      'a JSON array',
      Buffer.from('[1, 2]'),
      /must be a JSON object, not an array/,
    ],
    [
      'CycloneDX 1.1, which exists as XML only',
      Buffer.from('{"bomFormat": "CycloneDX", "specVersion": "1.1"}'),
      /specVersion 1.1 is not supported/,
    ],
    [
      'a bare DSSE envelope',
      Buffer.from(
        evidenceFixture('dsse-trivy-centos-7-cyclonedx.intoto.jsonl')
          .toString('utf8')
          .trim(),
      ),
      /DSSE envelope/,
    ],
  ])('refuses %s with the reason', (_what, content, reason) => {
    expect(reading(content)).toThrow(InputError);
    expect(reading(content)).toThrow(reason);
  });

  it("refuses another image's SBOM or scan", () => {
    expect(
      reading(evidenceFixture('spdx-2.3-trivy-alpine-3.15.spdx.json')),
    ).toThrow(
      `The SBOM describes docker.io/library/alpine@sha256:19b4bcc4f60e99dd5ebdca0cbce22c503bbcff197549d7e19dab4f22254dc864, not ghcr.io/acme/payments-api@${A_TXT_DIGEST}`,
    );
    expect(reading(evidenceFixture('grype-ghsa-test.json'))).toThrow(
      /^The vulnerability report describes docker.io\/anchore\/test_images@sha256:1000/,
    );
    // The same report is accepted for the image it describes.
    const read = readEvidence({
      content: evidenceFixture('grype-ghsa-test.json'),
      artifact: {
        repository: 'docker.io/anchore/test_images',
        digest:
          'sha256:10008791acbc5866de04108746a02a0c4029ce3a4400a9b3dad45d7f2245f9da',
      },
    });
    expect(read.findings).toHaveLength(2);
  });

  it('stores a bundle as not verified when no trust root is configured', () => {
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.sigstore.json'),
      artifact,
    });
    expect(read.detected).toMatchObject({ kind: 'signature-bundle' });
    expect(read.signature).toEqual({
      verified: false,
      reason: NO_TRUST_ROOT,
      detail: { verified: false, reason: NO_TRUST_ROOT },
    });
    expect(read.provenance).toBeUndefined();
  });

  it('keeps the claims of unverifiable provenance but does not count it', () => {
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      artifact,
    });
    expect(read.signature?.verified).toBe(false);
    expect(read.provenance).toMatchObject({
      valid: false,
      reason: `provenance signature not verified: ${NO_TRUST_ROOT}`,
      builderId: A_TXT_BUILDER,
      signed: false,
    });
  });

  it('verifies SLSA provenance in a public-good DSSE bundle, signer and builder recorded', () => {
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      artifact,
      verifier,
    });
    expect(read.signature).toMatchObject({
      verified: true,
      reason: `signed by ${BEACON_WORKFLOW} (issuer https://token.actions.githubusercontent.com) for ${A_TXT_DIGEST}`,
      signerSubject: BEACON_WORKFLOW,
      signerIssuer: 'https://token.actions.githubusercontent.com',
      integratedTime: '2024-12-16T18:42:56.000Z',
    });
    expect(read.provenance).toMatchObject({
      valid: true,
      reason: `SLSA v1 provenance for ${A_TXT_DIGEST} built by ${A_TXT_BUILDER}`,
      predicateType: 'https://slsa.dev/provenance/v1',
      builderId: A_TXT_BUILDER,
      sourceRepository: 'https://github.com/loosebazooka/aa-test',
      sourceCommit: 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f',
      signed: true,
    });
  });

  it('refuses provenance from a builder that is not allowed, though its signature verified', () => {
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      artifact,
      verifier,
      allowedBuilders: [
        'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
      ],
    });
    expect(read.signature?.verified).toBe(true);
    expect(read.provenance).toMatchObject({
      valid: false,
      reason: `builder ${A_TXT_BUILDER} is not an allowed builder`,
      signed: true,
    });
  });

  it('does not claim a message signature verified without the signed bytes', () => {
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.sigstore.json'),
      artifact,
      verifier,
    });
    expect(read.signature).toMatchObject({
      verified: false,
      reason: `message signature over ${A_TXT_DIGEST} cannot be checked without the artifact bytes`,
    });
  });

  it('rejects a bundle for another digest with the reason', () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const read = readEvidence({
      content: signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      artifact: { ...artifact, digest: other },
      verifier,
    });
    expect(read.signature?.verified).toBe(false);
    expect(read.provenance).toMatchObject({
      valid: false,
      reason: `provenance signature not verified: signed digest ${A_TXT_DIGEST} does not match artifact ${other}`,
    });
  });

  it('checks a bare SLSA v0.2 statement and records it as unsigned', () => {
    const digest =
      'sha256:8ae83e5b11e4cc8257f5f4d1023081ba1c72e8e60e8ed6cacd0d53a4ca2d142b';
    const content = signatureFixture('slsa/container-generator-v0.2.json');
    const read = readEvidence({
      content,
      artifact: { repository: 'ghcr.io/ianlewis/actions-test', digest },
    });
    expect(read.detected).toMatchObject({
      kind: 'attestation',
      format: 'in-toto-statement',
    });
    expect(read.provenance).toMatchObject({
      valid: true,
      signed: false,
      builderId:
        'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v1.4.0',
    });
    const elsewhere = readEvidence({ content, artifact });
    expect(elsewhere.provenance).toMatchObject({
      valid: false,
      reason: `subject digest ${digest} does not match artifact ${A_TXT_DIGEST}`,
    });
  });
});
