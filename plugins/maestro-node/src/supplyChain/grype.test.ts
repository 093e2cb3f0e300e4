import { parseGrype } from './grype';
import { loadFixture } from './__testUtils__/fixtures';

describe('parseGrype on Grype test data', () => {
  it('reads a GHSA match with its related CVE, fix version and the scanned digests', () => {
    const report = parseGrype(loadFixture('grype-ghsa-test.json'));

    expect(report.format).toBe('grype-json');
    expect(report.scanner).toEqual({ name: 'grype', version: '0.65.1' });
    expect(report.createdAt).toBe('2023-08-31T15:13:32.377177-04:00');
    // repoDigests is what the image was pulled by; manifestDigest (the
    // platform manifest) only counts when no repo digest is stated.
    expect(report.subject).toEqual({
      name: 'anchore/test_images@sha256:10008791acbc5866de04108746a02a0c4029ce3a4400a9b3dad45d7f2245f9da',
      digest:
        'sha256:10008791acbc5866de04108746a02a0c4029ce3a4400a9b3dad45d7f2245f9da',
      images: [
        {
          repository: 'docker.io/anchore/test_images',
          digest:
            'sha256:10008791acbc5866de04108746a02a0c4029ce3a4400a9b3dad45d7f2245f9da',
        },
      ],
      imageId:
        'sha256:e1a0913e5e6eb346f15791e9627842ae80b14564f9c7a4f2e0910a9433673d8b',
    });
    expect(report.findings).toEqual([
      {
        id: 'GHSA-cfh5-3ghh-wfjx',
        aliases: ['CVE-2014-3577'],
        severity: 'medium',
        // The GHSA record has no CVSS; the related NVD record's v2 score is used.
        cvss: {
          score: 5.8,
          vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:N',
          version: '2.0',
          source: 'nvd',
        },
        package: {
          name: 'httpclient',
          type: 'maven',
          purl: 'pkg:maven/org.apache.httpcomponents/httpclient@4.1.1',
        },
        installedVersion: '4.1.1',
        fixedVersions: ['4.3.5'],
        target: '/TwilioNotifier.hpi',
        url: 'https://github.com/advisories/GHSA-cfh5-3ghh-wfjx',
      },
      expect.objectContaining({
        id: 'CVE-2014-3577',
        aliases: [],
        severity: 'medium',
        fixedVersions: [],
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2014-3577',
      }),
    ]);
  });

  it('never lists the primary ID among its own aliases', () => {
    const report = parseGrype(loadFixture('grype-chainguard-ruby-test.json'));

    expect(
      report.findings.map(f => [
        f.id,
        f.package.name,
        f.package.type,
        f.aliases,
        f.fixedVersions,
        f.severity,
      ]),
    ).toEqual([
      ['CVE-2023-28755', 'ruby-3.0', 'apk', [], ['3.0.6-r0'], 'high'],
      ['CVE-2023-28755', 'uri', 'gem', [], [], 'high'],
      [
        'GHSA-hv5j-3h9f-99c2',
        'uri',
        'gem',
        ['CVE-2023-28755'],
        ['0.10.2'],
        'high',
      ],
    ]);
    expect(report.subject?.digest).toBe(
      'sha256:3c9afb4f188827ea1062ec3b8acea32893236a0d7df31e0498df93486cff0978',
    );
  });
});
