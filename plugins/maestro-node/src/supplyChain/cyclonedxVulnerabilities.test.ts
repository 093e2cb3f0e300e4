import {
  countBySeverity,
  isSuppressed,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { readCycloneDxBom } from './cyclonedx';
import { parseEvidenceDocument } from './parseEvidenceDocument';
import { parseGrype } from './grype';
import { parseTrivy } from './trivy';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

type Json = Record<string, any>;

/** What a finding is, for comparing two documents of one scan. */
function essentials(findings: VulnerabilityFinding[]) {
  return findings
    .map(f => ({
      id: f.id,
      purl: f.package.purl,
      installedVersion: f.installedVersion,
      severity: f.severity,
      fixedVersions: [...f.fixedVersions].sort(),
    }))
    .sort((a, b) => `${a.id}${a.purl}`.localeCompare(`${b.id}${b.purl}`));
}

function reportOf(fileOrDocument: string | Json) {
  const bom = readCycloneDxBom(
    typeof fileOrDocument === 'string'
      ? loadFixture(fileOrDocument)
      : fileOrDocument,
  );
  expect(bom.report).toBeDefined();
  return { ...bom, report: bom.report! };
}

describe('CycloneDX vulnerabilities written by Trivy', () => {
  it.each([
    // trivy sbom --format cyclonedx / --format json of the same SBOM
    [
      'cyclonedx-1.7-trivy-fluentd-vulnerabilities.cdx.json',
      'trivy-fluentd-multiple-lockfiles.json',
      { critical: 1, high: 1, low: 1 },
    ],
    // trivy repo on a Maven project, both formats
    [
      'cyclonedx-1.7-trivy-pom.cdx.json',
      'trivy-pom.json',
      { critical: 1, high: 1 },
    ],
    // trivy convert --format cyclonedx of the JSON report
    ['cyclonedx-1.7-trivy-npm.cdx.json', 'trivy-npm.json', { medium: 1 }],
  ])(
    '%s gives the severities and fixed versions of Trivy JSON for the same scan (%s)',
    (cyclonedx, json, counts) => {
      const { report, sbom, warnings } = reportOf(cyclonedx);
      const trivy = parseTrivy(loadFixture(json));

      expect(essentials(report.findings)).toEqual(essentials(trivy.findings));
      expect(countBySeverity(report.findings)).toEqual({
        ...countBySeverity([]),
        ...counts,
      });
      expect(report).toMatchObject({
        format: 'cyclonedx-json',
        scanner: { name: 'trivy', version: 'dev' },
      });
      expect(report.subject).toEqual(sbom.subject);
      // The BOM is the SBOM too: every listed component is kept.
      expect(sbom.components).toHaveLength(
        (loadFixture(cyclonedx) as Json).components.length,
      );
      expect(warnings).toEqual([]);
    },
  );

  it('takes the vendor rating of the data source, then NVD: CVE-2019-18224 from debian is critical by NVD v3.1', () => {
    const { report } = reportOf(
      'cyclonedx-1.7-trivy-fluentd-vulnerabilities.cdx.json',
    );
    const byId = Object.fromEntries(report.findings.map(f => [f.id, f]));
    // debian's own rating says low; no debian rating exists for CVE-2019-18224.
    expect(byId['CVE-2019-18276']).toMatchObject({
      severity: 'low',
      package: {
        name: 'bash',
        type: 'deb',
        purl: 'pkg:deb/debian/bash@5.0-4?distro=debian-10.2',
      },
      installedVersion: '5.0-4',
      fixedVersions: [],
    });
    expect(byId['CVE-2019-18224']).toMatchObject({
      severity: 'critical',
      cvss: { score: 9.8, version: '3.1', source: 'nvd' },
      fixedVersions: ['2.0.5-1+deb10u1'],
      url: 'https://avd.aquasec.com/nvd/cve-2019-18224',
    });
    expect(byId['CVE-2020-8165']).toMatchObject({
      severity: 'high',
      fixedVersions: ['6.0.3.1', '5.2.4.3'],
    });
  });
});

describe('CycloneDX vulnerabilities written by Grype', () => {
  it.each([
    ['cyclonedx-1.7-grype-image.cdx.json', 'grype-image-source.json'],
    ['cyclonedx-1.7-grype-dir.cdx.json', 'grype-dir-source.json'],
  ])(
    "%s gives Grype's own severities, as its JSON (%s) does",
    (cyclonedx, json) => {
      const { report, warnings } = reportOf(cyclonedx);
      const grype = parseGrype(loadFixture(json));
      const summary = (findings: VulnerabilityFinding[]) =>
        findings.map(f => [
          f.id,
          f.package.name,
          f.installedVersion,
          f.severity,
        ]);
      // Grype's severity beats the CVSS band: 8.2 stays "low" as Grype says.
      expect(summary(report.findings)).toEqual(summary(grype.findings));
      expect(summary(report.findings)).toEqual([
        ['CVE-1999-0001', 'package-1', '1.1.1', 'low'],
        ['CVE-1999-0002', 'package-2', '2.2.2', 'critical'],
      ]);
      // EPSS and CISA KEV ratings are no severities and no CVSS.
      expect(report.findings.map(f => f.cvss?.score)).toEqual([8.2, 8.5]);
      expect(report.scanner.name).toBe('grype');
      expect(warnings).toEqual([]);
    },
  );
});

describe('CycloneDX VEX', () => {
  it('reads the CISA VEX use case 3: 19 statements on one product, 9 of them suppressions', () => {
    const doc = loadFixture('cyclonedx-1.4-vex-cisa-case-3.vex.json') as Json;
    const parsed = parseEvidenceDocument(doc);
    expect(parsed.kind).toBe('vulnerability-report');
    const { findings } =
      parsed.kind === 'vulnerability-report' ? parsed.report : { findings: [] };

    // Counted from the document itself: one finding per statement.
    const states = doc.vulnerabilities.map((v: Json) => v.analysis.state);
    expect(findings.map(f => f.analysis?.state)).toEqual(states);
    expect(findings).toHaveLength(19);
    const suppressed = findings.filter(isSuppressed);
    expect(suppressed).toHaveLength(
      states.filter((s: string) => ['not_affected', 'resolved'].includes(s))
        .length,
    );
    expect(suppressed).toHaveLength(9);
    expect(countBySeverity(findings.filter(f => !isSuppressed(f)))).toEqual({
      ...countBySeverity([]),
      critical: 2,
      high: 2,
      medium: 6,
    });
    // The product itself (metadata.component) is the affected package.
    expect(findings[1]).toMatchObject({
      id: 'CVE-2020-11897',
      package: { name: 'GHI' },
      installedVersion: '17.4',
      analysis: {
        state: 'not_affected',
        justification: 'code_not_present',
        responses: [],
        detail: 'IPv6 is not supported and code is not present.',
      },
    });
    expect(parsed.warnings).toEqual([
      "this VEX document lists no components: its analysis applies to its own findings only and does not suppress other reports' findings",
    ]);
  });

  it('keeps a statement without affects, without a package, and says so', () => {
    const parsed = parseEvidenceDocument(
      loadFixture('cyclonedx-1.4-vex-use-case-7.vex.json'),
    );
    expect(
      parsed.kind === 'vulnerability-report' && parsed.report.findings,
    ).toEqual([
      expect.objectContaining({
        id: 'CVE-2020-25649',
        severity: 'high',
        package: { name: '' },
        analysis: {
          state: 'not_affected',
          justification: 'code_not_reachable',
          responses: ['will_not_fix', 'update'],
          detail:
            'This vulnerability is not exploitable in any current version of any product.',
        },
      }),
    ]);
    expect(parsed.warnings).toContain(
      '1 vulnerability names no affected component (affects is empty or missing): stored without a package (CVE-2020-25649)',
    );
  });

  it('reads the package of a bom-link into another BOM from its purl, and says the other BOM is not consulted', () => {
    const parsed = parseEvidenceDocument(
      loadFixture('cyclonedx-1.4-vex-bom-link.vex.json'),
    );
    expect(
      parsed.kind === 'vulnerability-report' && parsed.report.findings,
    ).toEqual([
      expect.objectContaining({
        id: 'CVE-2020-25649',
        aliases: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302'],
        // NVD is the vulnerability's source; Acme's environmental 0.0 is not chosen.
        severity: 'high',
        package: {
          name: 'com.fasterxml.jackson.core/jackson-databind',
          type: 'maven',
          purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar',
        },
        installedVersion: '2.10.0',
        fixedVersions: ['2.6.7.4', '2.9.10.7', '2.10.5.1'],
      }),
    ]);
    expect(parsed.warnings[0]).toMatch(
      /^1 affects ref points into another BOM: the package is read from the ref, the other BOM is not consulted \(urn:cdx:3e671687/,
    );
  });

  it('suppresses a Trivy finding the same BOM analyses as not_affected, and keeps it with its justification', () => {
    const doc = copyOf(
      loadFixture('cyclonedx-1.7-trivy-fluentd-vulnerabilities.cdx.json'),
    ) as Json;
    doc.vulnerabilities[0].analysis = {
      state: 'not_affected',
      justification: 'code_not_reachable',
      detail: 'idn2_to_ascii_4i is never called',
    };
    const { report, warnings } = reportOf(doc);
    expect(report.findings.filter(isSuppressed).map(f => f.id)).toEqual([
      'CVE-2019-18224',
    ]);
    expect(warnings).toEqual([]);
  });
});

describe('CycloneDX vulnerabilities: what is not understood is said', () => {
  const bom = (extra: Json) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    metadata: {
      component: { 'bom-ref': 'app', type: 'application', name: 'app' },
    },
    components: [
      {
        'bom-ref': 'pkg:npm/a@1.0.0',
        type: 'library',
        name: 'a',
        version: '1.0.0',
        purl: 'pkg:npm/a@1.0.0',
      },
    ],
    ...extra,
  });

  it('names unknown rating methods, unrated vulnerabilities, unknown analysis states and unresolved refs', () => {
    const { report, warnings } = readCycloneDxBom(
      bom({
        vulnerabilities: [
          {
            id: 'CVE-2024-1',
            ratings: [{ method: 'CVSSv5', score: 9.9, severity: 'high' }],
            analysis: { state: 'wont_fix' },
            affects: [{ ref: 'pkg:npm/a@1.0.0' }, { ref: 'nowhere' }],
          },
          {
            id: 'CVE-2024-2',
            ratings: [],
            affects: [
              {
                ref: 'pkg:npm/a@1.0.0',
                versions: [{ version: '1.0.0', status: 'unaffected' }],
              },
            ],
          },
        ],
      }),
    );
    expect(
      report!.findings.map(f => [f.id, f.package.name, f.severity, f.analysis]),
    ).toEqual([
      ['CVE-2024-1', 'a', 'high', undefined],
      ['CVE-2024-1', 'nowhere', 'high', undefined],
      ['CVE-2024-2', 'a', 'unknown', undefined],
    ]);
    expect(warnings).toEqual([
      '1 affects ref names no component of this BOM: the ref is stored as the package (nowhere)',
      '1 affects entry lists only unaffected versions and still counts as a finding; state not_affected in analysis to suppress it (CVE-2024-2 pkg:npm/a@1.0.0)',
      'ratings use method(s) CycloneDX does not define (CVSSv5): only their severity word is used, not their score',
      '1 vulnerability has no rating with a severity or CVSS score: stored with severity unknown (CVE-2024-2)',
      'analysis state(s) wont_fix are not CycloneDX states: those findings are not suppressed',
    ]);
  });

  it('chooses by source: own source, then sourceless, then GHSA for GHSA IDs, then NVD, then the highest', () => {
    const severityOf = (vulnerability: Json) =>
      readCycloneDxBom(
        bom({
          vulnerabilities: [
            { affects: [{ ref: 'pkg:npm/a@1.0.0' }], ...vulnerability },
          ],
        }),
      ).report!.findings[0].severity;
    const nvd = {
      source: { name: 'nvd' },
      method: 'CVSSv31',
      score: 9.8,
      severity: 'critical',
    };
    const vendor = { source: { name: 'debian' }, severity: 'low' };
    const ghsa = { source: { name: 'ghsa' }, severity: 'medium' };
    const other = { source: { name: 'redhat' }, severity: 'high' };
    const own = { id: 'CVE-1', source: { name: 'debian' } };
    expect(severityOf({ ...own, ratings: [nvd, vendor, ghsa] })).toBe('low');
    expect(severityOf({ ...own, ratings: [nvd, { severity: 'medium' }] })).toBe(
      'medium',
    );
    expect(
      severityOf({ id: 'GHSA-xxxx-yyyy-zzzz', ratings: [nvd, ghsa] }),
    ).toBe('medium');
    expect(severityOf({ id: 'CVE-1', ratings: [other, ghsa, nvd] })).toBe(
      'critical',
    );
    expect(severityOf({ id: 'CVE-1', ratings: [ghsa, other] })).toBe('high');
    // A CVSS rating without a severity word is banded by its score; EPSS is not a severity.
    expect(
      severityOf({
        id: 'CVE-1',
        ratings: [
          { method: 'CVSSv3', score: 7.1 },
          { method: 'other', score: 0.9, source: { name: 'FIRST' } },
        ],
      }),
    ).toBe('high');
  });

  it('names sections it does not read, members CycloneDX does not define, and an empty vulnerabilities list', () => {
    const { report, warnings } = readCycloneDxBom(
      bom({
        services: [{ name: 'payments' }],
        signature: { algorithm: 'ES256', value: 'x' },
        formulation: [],
        vulnerabilityAssessments: [{}],
        vulnerabilities: [],
      }),
    );
    expect(report).toBeUndefined();
    expect(warnings).toEqual([
      '$.services (1): services are not stored (only components are)',
      "$.signature: the BOM's own JSF signature is not verified; sign the BOM with cosign and send its sigstore bundle",
      'top-level member(s) vulnerabilityAssessments are not defined by CycloneDX 1.6 and are not read',
      "$.vulnerabilities is empty: read as an SBOM, not as a scan that found nothing (Trivy writes an empty list whether or not it scanned); send the scanner's JSON report to record a clean scan",
    ]);
  });
});
