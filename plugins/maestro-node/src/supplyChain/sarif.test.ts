import { parseSarif } from './sarif';
import { EvidenceInputError } from './errors';
import { loadFixture } from './__testUtils__/fixtures';

describe('parseSarif on scanner output', () => {
  it("reads Trivy's SARIF: severity from the rule tags, versions from the result message", () => {
    const report = parseSarif(loadFixture('sarif-trivy-alpine-310.sarif.json'));

    expect(report.format).toBe('sarif');
    expect(report.scanner).toEqual({ name: 'Trivy', version: 'dev' });
    expect(report.subject).toEqual({
      name: 'testdata/fixtures/images/alpine-310.tar.gz',
      images: [],
      imageId:
        'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
    });
    expect(report.findings).toHaveLength(4);
    // The rule's help names the last package; each result names its own.
    expect(report.findings.map(f => [f.id, f.package.name])).toEqual([
      ['CVE-2019-1549', 'libcrypto1.1'],
      ['CVE-2019-1551', 'libcrypto1.1'],
      ['CVE-2019-1549', 'libssl1.1'],
      ['CVE-2019-1551', 'libssl1.1'],
    ]);
    expect(report.findings[1]).toEqual({
      id: 'CVE-2019-1551',
      aliases: [],
      severity: 'medium',
      cvss: {
        score: 5.3,
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
        version: '3.1',
      },
      package: { name: 'libcrypto1.1' },
      installedVersion: '1.1.1c-r0',
      fixedVersions: ['1.1.1d-r2'],
      target: 'testdata/fixtures/images/alpine-310.tar.gz',
      title:
        'openssl: Integer overflow in RSAZ modular exponentiation on x86_64',
      url: 'https://avd.aquasec.com/nvd/cve-2019-1551',
    });
  });

  it("reads Grype's SARIF: the CVE out of the package-suffixed rule ID, the word severity over the score", () => {
    const report = parseSarif(loadFixture('sarif-grype-image.sarif.json'));

    expect(report.scanner).toEqual({ name: 'grype', version: '0.0.0-dev' });
    expect(report.findings).toEqual([
      {
        id: 'CVE-1999-0001',
        aliases: [],
        // `security-severity` is 8.2 (the CVSS score), but Grype says "low".
        severity: 'low',
        package: { name: 'package-1', type: 'rpm' },
        installedVersion: '1.1.1',
        fixedVersions: ['1.2.1', '2.1.3', '3.4.0'],
        target: 'user-input/somefile-1.txt',
        title: 'CVE-1999-0001 low vulnerability for package-1 package',
        url: 'https://github.com/anchore/grype',
      },
      expect.objectContaining({
        id: 'CVE-1999-0002',
        severity: 'critical',
        package: {
          name: 'package-2',
          type: 'deb',
          purl: 'pkg:deb/package-2@2.2.2',
        },
        fixedVersions: [],
      }),
    ]);
  });

  it('collects CVE aliases from rule tags and properties', () => {
    const report = parseSarif({
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'scanner',
              rules: [
                {
                  id: 'GHSA-hv5j-3h9f-99c2',
                  properties: {
                    tags: ['security', 'cve-2023-28755'],
                    cve: 'CVE-2023-28756',
                  },
                },
              ],
            },
          },
          results: [{ ruleId: 'GHSA-hv5j-3h9f-99c2', message: { text: '' } }],
        },
      ],
    });
    expect(report.findings[0]).toMatchObject({
      id: 'GHSA-hv5j-3h9f-99c2',
      aliases: ['CVE-2023-28755', 'CVE-2023-28756'],
    });
  });

  it('falls back to security-severity and keeps non-advisory rule IDs whole', () => {
    const report = parseSarif({
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'CodeQL',
              semanticVersion: '2.20.0',
              rules: [
                {
                  id: 'js/sql-injection',
                  properties: {
                    'security-severity': '8.8',
                    tags: ['security'],
                  },
                },
              ],
            },
          },
          results: [
            {
              ruleId: 'js/sql-injection',
              message: { text: 'This query depends on a user-provided value.' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'src/db.js' } },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(report.scanner).toEqual({ name: 'CodeQL', version: '2.20.0' });
    expect(report.subject).toBeUndefined();
    expect(report.findings).toEqual([
      {
        id: 'js/sql-injection',
        aliases: [],
        severity: 'high',
        package: { name: '' },
        fixedVersions: [],
        target: 'src/db.js',
      },
    ]);
  });

  it('refuses SARIF 2.0 and logs without runs', () => {
    expect(() => parseSarif({ version: '2.0.0', runs: [] })).toThrow(
      'SARIF: $.version version 2.0.0 is not supported (only 2.1.0)',
    );
    expect(() => parseSarif({ version: '2.1.0' })).toThrow(
      new EvidenceInputError(
        'SARIF: $.runs is required and must be an array of runs',
      ),
    );
  });
});
