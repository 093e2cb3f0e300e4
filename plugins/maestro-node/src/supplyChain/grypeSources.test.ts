/**
 * Every `source` kind Grype's JSON can carry. Grype publishes no JSON schema
 * for `grype -o json`; what it writes is grype/presenter/models/source.go,
 * and its expected values are grype/presenter/models/source_test.go. The
 * directory, image and unknown sources are Grype's own snapshots; for the
 * other kinds the directory snapshot's `source` is replaced by the shape
 * source_test.go expects for that kind (same matches, same descriptor).
 */
import { countBySeverity } from '@maestro-conductor/backstage-plugin-maestro-common';
import { detectEvidenceDocument } from './detect';
import { EvidenceInputError } from './errors';
import { parseGrype } from './grype';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

type Json = Record<string, any>;

function withSource(source: unknown): Json {
  const doc = copyOf(loadFixture('grype-dir-source.json')) as Json;
  doc.source = source;
  return doc;
}

describe('parseGrype: source kinds', () => {
  it('reads a directory scan (`grype dir:`), whose target is the path string', () => {
    const doc = loadFixture('grype-dir-source.json') as Json;
    expect(doc.source).toEqual({ type: 'directory', target: '/some/path' });
    expect(detectEvidenceDocument(doc)).toEqual({
      kind: 'vulnerability-report',
      format: 'grype-json',
    });
    const report = parseGrype(doc);
    expect(report.subject).toEqual({ name: '/some/path', images: [] });
    // The snapshot's matches: one Low, one Critical.
    expect(report.findings).toHaveLength(doc.matches.length);
    expect(countBySeverity(report.findings)).toMatchObject({
      critical: 1,
      low: 1,
    });
    expect(report.findings[0]).toMatchObject({
      id: 'CVE-1999-0001',
      package: { name: 'package-1' },
      installedVersion: '1.1.1',
      fixedVersions: ['1.2.1', '2.1.3', '3.4.0'],
    });
  });

  it('reads an image scan, whose target is an object', () => {
    const report = parseGrype(loadFixture('grype-image-source.json'));
    expect(report.subject).toEqual({
      name: 'user-input',
      digest:
        'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5',
      imageId:
        'sha256:ab5608d634db2716a297adbfa6a5dd5d8f8f5a7d0cab73649ea7fbb8c8da544f',
      images: [],
    });
    expect(report.findings).toHaveLength(2);
  });

  it('reads a report with an unknown source (`"target": "unknown"`) without inventing a subject', () => {
    const report = parseGrype(loadFixture('grype-unknown-source.json'));
    expect(report.subject).toBeUndefined();
    expect(report.findings).toEqual([]);
  });

  it.each([
    [
      { type: 'file', target: '/foo/bar/test.zip' },
      { name: '/foo/bar/test.zip' },
    ],
    [
      { type: 'sbom-file', target: '/path/to/purls.txt' },
      { name: '/path/to/purls.txt' },
    ],
    [
      {
        type: 'purl',
        target: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      },
      {
        name: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      },
    ],
    [
      { type: 'cpe', target: 'cpe:/a:apache:log4j:2.14.1' },
      { name: 'cpe:/a:apache:log4j:2.14.1' },
    ],
    [{ type: 'snap', target: 'a-snap@10.2.3' }, { name: 'a-snap@10.2.3' }],
    // Older releases wrote directory and file targets as objects.
    [{ type: 'directory', target: { path: '/foo/bar' } }, { name: '/foo/bar' }],
  ])('reads a %j source', (source, subject) => {
    const report = parseGrype(withSource(source));
    expect(report.subject).toEqual({ ...subject, images: [] });
    expect(report.findings).toHaveLength(2);
  });

  it('takes the image digest a pkg:oci purl source names', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const purl = `pkg:oci/api@${encodeURIComponent(
      digest,
    )}?repository_url=ghcr.io%2Facme%2Fapi`;
    const report = parseGrype(withSource({ type: 'purl', target: purl }));
    expect(report.subject?.images).toEqual([
      { repository: 'ghcr.io/acme/api', digest },
    ]);
  });

  it('refuses a target that is neither a string nor an object, naming it', () => {
    expect(() =>
      parseGrype(withSource({ type: 'directory', target: 7 })),
    ).toThrow(
      new EvidenceInputError(
        'Grype: $.source.target must be a string or an object',
      ),
    );
  });
});
