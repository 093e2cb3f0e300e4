/**
 * What an SPDX document describes is its subject, as CycloneDX's
 * `metadata.component` is: kept as the subject, not counted as a component,
 * and every other package is a component. Counts are taken from the JSON.
 */
import { parseSpdx } from './spdx';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

type Json = Record<string, any>;

/** The SPDXIDs the document describes, read straight from the JSON. */
function describedIds(doc: Json): string[] {
  const viaRelationships = (doc.relationships ?? [])
    .filter(
      (r: Json) =>
        r.relationshipType === 'DESCRIBES' &&
        r.spdxElementId === 'SPDXRef-DOCUMENT',
    )
    .map((r: Json) => r.relatedSpdxElement);
  return [...new Set([...(doc.documentDescribes ?? []), ...viaRelationships])];
}

describe('parseSpdx: the described package is the subject', () => {
  it.each([
    // documentDescribes and a DESCRIBES relationship
    ['spdx-2.2-appbomination.spdx.json', 'App-BOM-ination'],
    // documentDescribes a file and a package: the package is the subject
    ['spdx-2.3-spdx-spec-example.spdx.json', 'glibc'],
    // Trivy: a DESCRIBES relationship to the container image
    ['spdx-2.3-trivy-alpine-3.15.spdx.json', 'alpine:3.15'],
  ])('%s: %s is the subject, every other package a component', (file, name) => {
    const doc = loadFixture(file) as Json;
    const sbom = parseSpdx(doc);
    const packageIds = doc.packages.map((p: Json) => p.SPDXID);
    const described = describedIds(doc).filter(id => packageIds.includes(id));
    expect(described).toHaveLength(1);

    expect(sbom.subject?.name).toBe(name);
    expect(sbom.components).toHaveLength(doc.packages.length - 1);
    expect(sbom.components.map(c => c.ref)).not.toContain(described[0]);
    expect(sbom.components.map(c => c.ref).sort()).toEqual(
      packageIds.filter((id: string) => id !== described[0]).sort(),
    );
  });

  it('says that files and snippets are not stored, and that a described file is not the subject', () => {
    const sbom = parseSpdx(loadFixture('spdx-2.3-spdx-spec-example.spdx.json'));
    expect(sbom.warnings).toEqual([
      'the document also describes SPDXRef-File, which is not a package: the subject is the described package',
      '$.files (5): files are not stored, only packages are',
      '$.snippets (1): snippets are not stored, only packages are',
    ]);
    expect(
      parseSpdx(loadFixture('spdx-2.3-trivy-alpine-3.15.spdx.json')).warnings,
    ).toBeUndefined();
  });

  it('lists every package when the document describes several, and says there is no single subject', () => {
    const doc = copyOf(loadFixture('spdx-2.2-appbomination.spdx.json')) as Json;
    // App-BOM-ination (SPDXRef-1) and Gradle (SPDXRef-5).
    doc.documentDescribes = ['SPDXRef-1', 'SPDXRef-5'];

    const sbom = parseSpdx(doc);
    expect(sbom.subject).toBeUndefined();
    expect(sbom.components).toHaveLength(doc.packages.length);
    expect(sbom.hasDependencyGraph).toBe(false);
    expect(sbom.warnings).toContain(
      'the document describes 2 packages (SPDXRef-1, SPDXRef-5): there is no single subject, so all are listed as components and relationships are unknown',
    );
  });
});
