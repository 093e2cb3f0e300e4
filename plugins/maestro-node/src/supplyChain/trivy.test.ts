import { countBySeverity } from '@maestro-conductor/backstage-plugin-maestro-common';
import { parseTrivy } from './trivy';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

describe('parseTrivy on Trivy test data', () => {
  it("reads Trivy's alpine-310 golden report", () => {
    const report = parseTrivy(loadFixture('trivy-alpine-310.json'));

    expect(report.format).toBe('trivy-json');
    expect(report.scanner).toEqual({ name: 'trivy', version: 'dev' });
    expect(report.createdAt).toBe('2021-08-25T12:20:30.000000005Z');
    // A local archive: no repository digest, only the image ID.
    expect(report.subject).toEqual({
      name: 'testdata/fixtures/images/alpine-310.tar.gz',
      images: [],
      imageId:
        'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
    });
    expect(report.findings).toHaveLength(4);
    expect(countBySeverity(report.findings)).toMatchObject({ medium: 4 });
    expect(report.findings[0]).toEqual({
      id: 'CVE-2019-1549',
      aliases: [],
      severity: 'medium',
      cvss: {
        score: 5.3,
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
        version: '3.1',
        source: 'nvd',
      },
      package: {
        name: 'libcrypto1.1',
        type: 'apk',
        purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
      },
      installedVersion: '1.1.1c-r0',
      fixedVersions: ['1.1.1d-r0'],
      target: 'testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)',
      title: 'openssl: information disclosure in fork()',
      url: 'https://avd.aquasec.com/nvd/cve-2019-1549',
    });
  });

  it('splits comma-separated fixed versions and keeps vendor IDs as aliases', () => {
    const report = parseTrivy(loadFixture('trivy-fluentd-gems.json'));

    expect(
      report.findings.map(f => [
        f.id,
        f.severity,
        f.package.name,
        f.package.type,
        f.aliases,
        f.fixedVersions,
        f.target,
      ]),
    ).toEqual([
      [
        'CVE-2019-18224',
        'critical',
        'libidn2-0',
        'deb',
        ['DSA-4613-1'],
        ['2.0.5-1+deb10u1'],
        'testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz (debian 10.2)',
      ],
      [
        'CVE-2020-8165',
        'high',
        'activesupport',
        'gem',
        [],
        ['6.0.3.1', '5.2.4.3'],
        'Ruby',
      ],
    ]);
    expect(report.findings[1].cvss).toMatchObject({
      score: 9.8,
      source: 'nvd',
    });
  });

  it("takes the image digest from Metadata.RepoDigests (Trivy's documented alpine:latest report)", () => {
    const report = parseTrivy(loadFixture('trivy-docs-alpine-latest.json'));

    expect(report.subject).toEqual({
      name: 'alpine:latest',
      digest:
        'sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a',
      images: [
        {
          repository: 'docker.io/library/alpine',
          digest:
            'sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a',
        },
      ],
      imageId:
        'sha256:511a44083d3a23416fadc62847c45d14c25cbace86e7a72b2b350436978a0450',
    });
    expect(
      report.findings.map(f => [f.id, f.package.name, f.severity]),
    ).toEqual([
      ['CVE-2024-9143', 'libcrypto3', 'low'],
      ['CVE-2024-9143', 'libssl3', 'low'],
    ]);
    // Only Red Hat scored it, so that is the CVSS shown.
    expect(report.findings[0].cvss).toEqual({
      score: 3.7,
      vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L',
      version: '3.1',
      source: 'redhat',
    });
  });

  it('merges rows repeated for the same package and target', () => {
    const doc = copyOf(loadFixture('trivy-alpine-310.json')) as {
      Results: Array<{ Vulnerabilities: unknown[] }>;
    };
    const vulnerabilities = doc.Results[0].Vulnerabilities;
    vulnerabilities.push(copyOf(vulnerabilities[0]));
    expect(parseTrivy(doc).findings).toHaveLength(4);
  });
});
