/**
 * Parts of Trivy and Grype JSON reports that are no findings Maestro counts
 * are named in the warnings, never dropped silently.
 */
import { parseGrype } from './grype';
import { parseTrivy } from './trivy';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

type Json = Record<string, any>;

describe('what Trivy and Grype reports hold beyond their findings', () => {
  it("names Trivy's misconfigurations, which are no vulnerability findings", () => {
    const report = parseTrivy(
      loadFixture('trivy-dockerfile-misconfiguration.json'),
    );
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([
      'Results[].Misconfigurations (1): misconfigurations are not read (use the policy checks)',
    ]);
  });

  it('counts the vulnerabilities Trivy reports, and names those it suppressed by VEX', () => {
    const doc = loadFixture('trivy-npm-with-suppressed.json') as Json;
    const report = parseTrivy(doc);
    expect(report.findings.map(f => f.id)).toEqual(
      doc.Results[0].Vulnerabilities.map((v: Json) => v.VulnerabilityID),
    );
    expect(report.findings.map(f => f.id)).toEqual(['CVE-2017-20165']);
    expect(report.warnings).toEqual([
      'Results[].ExperimentalModifiedFindings (1): findings Trivy suppressed (--show-suppressed) are not read; only its reported vulnerabilities count',
    ]);
    expect(parseTrivy(loadFixture('trivy-alpine-310.json')).warnings).toBe(
      undefined,
    );
  });

  it("names Grype's ignored matches", () => {
    const doc = copyOf(loadFixture('grype-dir-source.json')) as Json;
    doc.ignoredMatches = [{ ...doc.matches[0], appliedIgnoreRules: [{}] }];
    expect(parseGrype(doc).warnings).toEqual([
      "$.ignoredMatches (1): matches Grype's ignore rules removed are not read; only its matches count",
    ]);
    expect(parseGrype(loadFixture('grype-dir-source.json')).warnings).toBe(
      undefined,
    );
  });
});
