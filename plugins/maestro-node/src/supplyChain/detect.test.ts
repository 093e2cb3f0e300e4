import { detectEvidenceDocument, readEvidenceJson } from './detect';
import { parseEvidenceDocument } from './parseEvidenceDocument';
import { EvidenceInputError } from './errors';
import { copyOf, dssePayload, loadFixture } from './__testUtils__/fixtures';

describe('detectEvidenceDocument', () => {
  it.each([
    ['cyclonedx-1.4-laravel.bom.json', 'sbom', 'cyclonedx-json', '1.4'],
    ['cyclonedx-1.5-trivy-centos-7.cdx.json', 'sbom', 'cyclonedx-json', '1.5'],
    [
      'cyclonedx-1.7-trivy-npm.cdx.json',
      'sbom-and-vulnerability-report',
      'cyclonedx-json',
      '1.7',
    ],
    ['cyclonedx-1.2-laravel.bom.json', 'sbom', 'cyclonedx-json', '1.2'],
    ['cyclonedx-1.3-laravel.bom.json', 'sbom', 'cyclonedx-json', '1.3'],
    // Trivy writes `vulnerabilities: []` whether or not it scanned: an SBOM only.
    ['cyclonedx-1.4-trivy-oci-image.cdx.json', 'sbom', 'cyclonedx-json', '1.4'],
    [
      'cyclonedx-1.7-grype-image.cdx.json',
      'sbom-and-vulnerability-report',
      'cyclonedx-json',
      '1.7',
    ],
    // VEX documents: vulnerabilities and analysis, no components.
    [
      'cyclonedx-1.4-vex-cisa-case-3.vex.json',
      'vulnerability-report',
      'cyclonedx-json',
      '1.4',
    ],
    ['grype-dir-source.json', 'vulnerability-report', 'grype-json', undefined],
    ['spdx-2.2-appbomination.spdx.json', 'sbom', 'spdx-json', '2.2'],
    ['spdx-2.3-spdx-spec-example.spdx.json', 'sbom', 'spdx-json', '2.3'],
    ['trivy-alpine-310.json', 'vulnerability-report', 'trivy-json', '2'],
    ['grype-ghsa-test.json', 'vulnerability-report', 'grype-json', undefined],
    [
      'sarif-trivy-alpine-310.sarif.json',
      'vulnerability-report',
      'sarif',
      '2.1.0',
    ],
    ['sarif-grype-image.sarif.json', 'vulnerability-report', 'sarif', '2.1.0'],
    [
      'sigstore-bundle-v0.3-rekor2-dsse.sigstore.json',
      'signature-bundle',
      'sigstore-bundle',
      '0.3',
    ],
    [
      'sigstore-bundle-v0.1.sigstore.json',
      'signature-bundle',
      'sigstore-bundle',
      '0.1',
    ],
  ])('identifies %s', (file, kind, format, version) => {
    const detected = detectEvidenceDocument(loadFixture(file));
    expect(detected).toEqual({
      kind,
      format,
      ...(version ? { version } : {}),
    });
  });

  it('identifies in-toto statements v0.1 (cosign attestation) and v1 (sigstore bundle payload)', () => {
    const v01 = dssePayload(
      loadFixture('dsse-trivy-centos-7-cyclonedx.intoto.jsonl'),
    );
    expect(detectEvidenceDocument(v01)).toEqual({
      kind: 'attestation',
      format: 'in-toto-statement',
      version: 'v0.1',
      predicateType: 'https://cyclonedx.org/bom',
    });

    const bundle = loadFixture(
      'sigstore-bundle-v0.3-rekor2-dsse.sigstore.json',
    ) as { dsseEnvelope: unknown };
    expect(detectEvidenceDocument(dssePayload(bundle.dsseEnvelope))).toEqual({
      kind: 'attestation',
      format: 'in-toto-statement',
      version: 'v1',
      predicateType: 'https://slsa.dev/provenance/v1',
    });
  });

  it('refuses known formats in versions Maestro does not read', () => {
    // CycloneDX 1.0 and 1.1 exist as XML only; a JSON BOM claiming them is refused.
    const cyclonedx11 = copyOf(
      loadFixture('cyclonedx-1.2-cern-lhc-vdm-editor.bom.json'),
    ) as Record<string, unknown>;
    cyclonedx11.specVersion = '1.1';
    expect(() => detectEvidenceDocument(cyclonedx11)).toThrow(
      /CycloneDX: specVersion 1\.1 is not supported \(supported: 1\.2, 1\.3, 1\.4, 1\.5, 1\.6, 1\.7\)/,
    );

    const spdx21 = copyOf(
      loadFixture('spdx-2.2-appbomination.spdx.json'),
    ) as Record<string, unknown>;
    spdx21.spdxVersion = 'SPDX-2.1';
    expect(() => detectEvidenceDocument(spdx21)).toThrow(
      /SPDX: spdxVersion SPDX-2.1 is not supported/,
    );

    const sarif20 = copyOf(
      loadFixture('sarif-trivy-alpine-310.sarif.json'),
    ) as Record<string, unknown>;
    sarif20.version = '2.0.0';
    expect(() => detectEvidenceDocument(sarif20)).toThrow(
      'SARIF: version "2.0.0" is not supported (only 2.1.0)',
    );

    const trivy1 = copyOf(loadFixture('trivy-alpine-310.json')) as Record<
      string,
      unknown
    >;
    trivy1.SchemaVersion = 1;
    expect(() => detectEvidenceDocument(trivy1)).toThrow(
      'Trivy: SchemaVersion 1 is not supported (only 2)',
    );
  });

  it('says what is wrong with JSON that is no evidence document', () => {
    expect(() => detectEvidenceDocument({ name: 'payments-api' })).toThrow(
      new EvidenceInputError(
        'evidence is not an SBOM, vulnerability report, attestation or signature bundle that Maestro reads (CycloneDX 1.2–1.7 JSON (SBOMs, with vulnerabilities and VEX), SPDX 2.2/2.3 JSON, Trivy JSON, Grype JSON, SARIF 2.1.0, in-toto statements, sigstore bundles)',
      ),
    );
    expect(() => detectEvidenceDocument({ runs: [] })).toThrow(
      /^evidence is not an SBOM, vulnerability report/,
    );
    expect(() => detectEvidenceDocument([1, 2])).toThrow(
      'evidence must be a JSON object, not an array',
    );
    expect(() =>
      detectEvidenceDocument(
        loadFixture('dsse-trivy-centos-7-cyclonedx.intoto.jsonl'),
      ),
    ).toThrow(/is a DSSE envelope \(application\/vnd\.in-toto\+json\)/);
    expect(() => readEvidenceJson('<bom/>')).toThrow(
      /evidence is not valid JSON/,
    );
  });
});

describe('parseEvidenceDocument', () => {
  it('runs the parser the content calls for', () => {
    const sbom = parseEvidenceDocument(
      loadFixture('spdx-2.3-trivy-alpine-3.15.spdx.json'),
    );
    expect(sbom.kind).toBe('sbom');
    expect(sbom.kind === 'sbom' && sbom.sbom.components).toHaveLength(15);

    const report = parseEvidenceDocument(loadFixture('grype-ghsa-test.json'));
    expect(
      report.kind === 'vulnerability-report' && report.report.findings,
    ).toHaveLength(2);

    const bundle = parseEvidenceDocument(
      loadFixture('sigstore-bundle-v0.1.sigstore.json'),
    );
    expect(bundle).toEqual({
      kind: 'signature-bundle',
      detected: {
        kind: 'signature-bundle',
        format: 'sigstore-bundle',
        version: '0.1',
      },
      warnings: [],
    });
  });
});
