/*
 * Real provenance documents (see __fixtures__/README.md): slsa-github-generator's
 * documented v0.2 container provenance and v1.0-draft docker provenance, and
 * a public-good Sigstore bundle from sigstore-conformance carrying SLSA v1
 * provenance of a GitHub Actions build. Expected values were read from the
 * documents by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrivateSigstore } from './__testUtils__/privateSigstore';
import { createSignatureVerifier } from './signatureVerifier';
import { parseGitUri, verifySlsaProvenance } from './slsaProvenance';

const fixture = (...path: string[]) =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__', ...path), 'utf8'));

const GITHUB_ACTIONS = 'https://token.actions.githubusercontent.com';
const otherDigest = `sha256:${'0'.repeat(64)}`;

describe('verifySlsaProvenance', () => {
  describe('SLSA v0.2 (slsa-github-generator container provenance)', () => {
    const statement = fixture('slsa', 'container-generator-v0.2.json');
    const artifactDigest =
      'sha256:8ae83e5b11e4cc8257f5f4d1023081ba1c72e8e60e8ed6cacd0d53a4ca2d142b';
    const generator =
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml';

    it('records builder, build type, source and invocation', () => {
      expect(verifySlsaProvenance({ statement, artifactDigest })).toEqual({
        valid: true,
        reason: `SLSA v0.2 provenance for ${artifactDigest} built by ${generator}@refs/tags/v1.4.0`,
        predicateType: 'https://slsa.dev/provenance/v0.2',
        builderId: `${generator}@refs/tags/v1.4.0`,
        buildType:
          'https://github.com/slsa-framework/slsa-github-generator/container@v1',
        sourceRepository: 'https://github.com/ianlewis/actions-test',
        sourceRef: 'refs/tags/v0.0.9',
        sourceCommit: 'e491e4b2ce5bc76fb103729b61b04d3c46d8a192',
        invocationId: '2556669934-1',
      });
    });

    it('falls back to invocation.configSource when no material names a commit', () => {
      const withoutMaterials = structuredClone(statement);
      withoutMaterials.predicate.materials = [];
      expect(
        verifySlsaProvenance({ statement: withoutMaterials, artifactDigest }),
      ).toMatchObject({
        valid: true,
        sourceRepository: 'https://github.com/ianlewis/actions-test',
        // The generator writes the workflow ref with a `.git` suffix here.
        sourceRef: 'refs/heads/main.git',
        sourceCommit: 'e491e4b2ce5bc76fb103729b61b04d3c46d8a192',
      });
    });

    it('rejects provenance about another artifact', () => {
      expect(
        verifySlsaProvenance({ statement, artifactDigest: otherDigest }),
      ).toEqual({
        valid: false,
        reason: `subject digest ${artifactDigest} does not match artifact ${otherDigest}`,
        predicateType: 'https://slsa.dev/provenance/v0.2',
      });
    });

    it('rejects a builder that is not allowed, naming it', () => {
      const result = verifySlsaProvenance({
        statement,
        artifactDigest,
        allowedBuilders: [
          'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
        ],
      });
      expect(result).toMatchObject({
        valid: false,
        reason: `builder ${generator}@refs/tags/v1.4.0 is not an allowed builder`,
        builderId: `${generator}@refs/tags/v1.4.0`,
        sourceCommit: 'e491e4b2ce5bc76fb103729b61b04d3c46d8a192',
      });
    });

    it('matches an allowed builder with or without its ref', () => {
      const check = (allowedBuilders: string[]) =>
        verifySlsaProvenance({ statement, artifactDigest, allowedBuilders })
          .valid;
      expect(check([generator])).toBe(true);
      expect(check([`${generator}@refs/tags/v1.4.0`])).toBe(true);
      expect(check([`${generator}@refs/tags/v2.0.0`])).toBe(false);
      expect(check([`${generator}-fork`])).toBe(false);
      // A prefix of the builder id is not the builder.
      expect(
        check(['https://github.com/slsa-framework/slsa-github-generator']),
      ).toBe(false);
    });

    it('believes a signed copy only after its signature verifies', async () => {
      const sigstore = await startPrivateSigstore();
      try {
        const workflow =
          'https://github.com/ianlewis/actions-test/.github/workflows/generic-container.yml@refs/tags/v0.0.9';
        const dsseBundle = await sigstore.attest(statement, {
          iss: GITHUB_ACTIONS,
          sub: workflow,
        });
        const verifier = createSignatureVerifier({
          trustedRoot: sigstore.trustedRoot,
          identities: [
            {
              issuer: GITHUB_ACTIONS,
              subjectPattern: 'https://github\\.com/ianlewis/actions-test/.*',
            },
          ],
        });
        const result = verifySlsaProvenance({
          dsseBundle,
          verifier,
          artifactDigest,
        });
        expect(result).toMatchObject({
          valid: true,
          builderId: `${generator}@refs/tags/v1.4.0`,
          signature: {
            verified: true,
            predicateType: 'https://slsa.dev/provenance/v0.2',
            signer: { subject: workflow, issuer: GITHUB_ACTIONS },
          },
        });
        expect(result.signature).not.toHaveProperty('statement');
      } finally {
        await sigstore.close();
      }
    });
  });

  describe('SLSA v1 (GitHub Actions build, signed with public-good Sigstore)', () => {
    const dsseBundle = fixture('public-good', 'a.txt.slsa-v1.sigstore.json');
    const statement = JSON.parse(
      Buffer.from(dsseBundle.dsseEnvelope.payload, 'base64').toString('utf8'),
    );
    const artifactDigest =
      'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
    const beaconWorkflow =
      'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
    const verifierFor = (subjectPattern: string) =>
      createSignatureVerifier({
        trustedRoot: fixture('public-good', 'trusted_root.json'),
        identities: [{ issuer: GITHUB_ACTIONS, subjectPattern }],
      });
    const facts = {
      predicateType: 'https://slsa.dev/provenance/v1',
      builderId:
        'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main',
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      sourceRepository: 'https://github.com/loosebazooka/aa-test',
      sourceRef: 'refs/heads/main',
      sourceCommit: 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f',
      invocationId:
        'https://github.com/loosebazooka/aa-test/actions/runs/11941425487/attempts/1',
    };

    it('reports the signature and the provenance facts', () => {
      const result = verifySlsaProvenance({
        dsseBundle,
        verifier: verifierFor('https://github\\.com/sigstore-conformance/.*'),
        artifactDigest,
      });
      expect(result).toEqual({
        valid: true,
        reason: `SLSA v1 provenance for ${artifactDigest} built by ${facts.builderId}`,
        ...facts,
        signature: expect.objectContaining({
          verified: true,
          predicateType: 'https://slsa.dev/provenance/v1',
          signer: expect.objectContaining({ subject: beaconWorkflow }),
        }),
      });
    });

    it('reads the same facts from the bare statement', () => {
      expect(verifySlsaProvenance({ statement, artifactDigest })).toEqual({
        valid: true,
        reason: `SLSA v1 provenance for ${artifactDigest} built by ${facts.builderId}`,
        ...facts,
      });
    });

    it('reports nothing from provenance signed by an untrusted identity', () => {
      const result = verifySlsaProvenance({
        dsseBundle,
        verifier: verifierFor('https://github\\.com/acme/.*'),
        artifactDigest,
      });
      expect(result).toEqual({
        valid: false,
        reason: `provenance signature not verified: signer ${beaconWorkflow} (issuer ${GITHUB_ACTIONS}) matches no trusted identity`,
        signature: expect.objectContaining({ verified: false }),
      });
    });

    it('rejects signed provenance about another artifact', () => {
      const result = verifySlsaProvenance({
        dsseBundle,
        verifier: verifierFor('https://github\\.com/sigstore-conformance/.*'),
        artifactDigest: otherDigest,
      });
      expect(result).toEqual({
        valid: false,
        reason: `provenance signature not verified: signed digest ${artifactDigest} does not match artifact ${otherDigest}`,
        predicateType: 'https://slsa.dev/provenance/v1',
        signature: expect.objectContaining({
          verified: false,
          signer: expect.objectContaining({ subject: beaconWorkflow }),
        }),
      });
    });

    it('rejects a tampered payload', () => {
      const tampered = structuredClone(dsseBundle);
      tampered.dsseEnvelope.payload = Buffer.from(
        JSON.stringify({
          ...statement,
          predicate: {
            ...statement.predicate,
            runDetails: { builder: { id: 'https://evil.example/builder' } },
          },
        }),
      ).toString('base64');
      expect(
        verifySlsaProvenance({
          dsseBundle: tampered,
          verifier: verifierFor('https://github\\.com/sigstore-conformance/.*'),
          artifactDigest,
        }).reason,
      ).toBe(
        'provenance signature not verified: bundle did not verify against the trusted root: DSSE payload hash mismatch (TLOG_BODY_ERROR)',
      );
    });

    it('rejects provenance that names no builder', () => {
      const anonymous = structuredClone(statement);
      delete anonymous.predicate.runDetails;
      expect(
        verifySlsaProvenance({ statement: anonymous, artifactDigest }),
      ).toMatchObject({
        valid: false,
        reason: 'SLSA v1 provenance names no builder',
      });
    });
  });

  it('rejects a predicate type it does not know (slsa-github-generator v1.0 draft)', () => {
    const statement = fixture('slsa', 'docker-builder-v1.0-draft.json');
    expect(
      verifySlsaProvenance({
        statement,
        artifactDigest:
          'sha256:5d672b0dbb696a3289632bf241cc4bb08dbb32c3e9559ea7e9f96b0490209891',
      }),
    ).toEqual({
      valid: false,
      reason:
        'predicate type https://slsa.dev/provenance/v1.0 is not SLSA provenance v0.2 or v1',
      predicateType: 'https://slsa.dev/provenance/v1.0',
    });
  });

  it('rejects a document that is not an in-toto statement', () => {
    expect(
      verifySlsaProvenance({
        statement: { predicateType: 'https://slsa.dev/provenance/v1' },
        artifactDigest: otherDigest,
      }),
    ).toEqual({
      valid: false,
      reason:
        'provenance is not an in-toto statement (_type: Invalid input: expected string, received undefined)',
    });
  });
});

describe('parseGitUri', () => {
  it('splits repository and ref at the @ after the host', () => {
    expect(parseGitUri('git+https://github.com/o/r@refs/heads/main')).toEqual({
      repository: 'https://github.com/o/r',
      ref: 'refs/heads/main',
    });
    expect(parseGitUri('git+ssh://git@github.com/o/r@refs/tags/v1')).toEqual({
      repository: 'ssh://git@github.com/o/r',
      ref: 'refs/tags/v1',
    });
    expect(parseGitUri('git+https://github.com/o/r')).toEqual({
      repository: 'https://github.com/o/r',
    });
    expect(parseGitUri('https://github.com/o/r@main')).toBeUndefined();
  });
});
