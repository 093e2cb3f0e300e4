import { SbomComponent } from '@maestro-conductor/backstage-plugin-maestro-common';
import { parseSpdx } from './spdx';
import { EvidenceInputError } from './errors';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

function summary(components: SbomComponent[]) {
  return components.map(c => [c.name, c.licenses, c.relationship]);
}

describe('parseSpdx on real documents', () => {
  it('reads the SPDX 2.3 example of the SPDX specification', () => {
    const sbom = parseSpdx(loadFixture('spdx-2.3-spdx-spec-example.spdx.json'));

    expect(sbom.format).toBe('spdx-json');
    expect(sbom.specVersion).toBe('2.3');
    expect(sbom.documentId).toBe(
      'http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301',
    );
    expect(sbom.createdAt).toBe('2010-01-29T18:30:22Z');
    expect(sbom.tools).toEqual([{ name: 'LicenseFind', version: '1.0' }]);
    // glibc is the one described package, so it is the subject, not a component.
    expect(sbom.subject).toEqual({
      name: 'glibc',
      version: '2.11.1',
      digest:
        'sha256:11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd',
      images: [],
    });
    // glibc DYNAMIC_LINKs Saxon; Jena and Commons Lang hang off files only.
    expect(summary(sbom.components)).toEqual([
      ['Apache Commons Lang', [], 'unknown'],
      ['Jena', [], 'unknown'],
      ['Saxon', ['MPL-1.0'], 'direct'],
    ]);
    expect(sbom.components[1]).toMatchObject({
      version: '3.12.0',
      purl: 'pkg:maven/org.apache.jena/apache-jena@3.12.0',
      type: 'maven',
      ref: 'SPDXRef-fromDoap-0',
    });
  });

  it('reads the SPDX 2.2 App-BOM-ination example, following DEPENDENCY_OF but not test dependencies', () => {
    const sbom = parseSpdx(loadFixture('spdx-2.2-appbomination.spdx.json'));

    expect(sbom.specVersion).toBe('2.2');
    expect(sbom.subject).toMatchObject({
      name: 'App-BOM-ination',
      version: '1.0',
    });
    expect(sbom.tools).toEqual([
      { name: 'Source Auditor Open Source Console' },
    ]);
    expect(summary(sbom.components)).toEqual([
      ['Gradle', ['Apache-2.0'], 'unknown'],
      ['Faust Proprietary File', ['LicenseRef-1'], 'unknown'],
      ['hamcrest-core', ['BSD-3-Clause'], 'unknown'],
      ['commons-lang3', ['Apache-2.0'], 'direct'],
      ['junit', ['EPL-1.0'], 'unknown'],
      ['slf4j-api', ['Apache-2.0'], 'direct'],
    ]);
    expect(sbom.components.find(c => c.name === 'slf4j-api')?.purl).toBe(
      'pkg:maven/org.slf4j/slf4j-api@1.7.21',
    );
  });

  it("reads Trivy's SPDX 2.3 image SBOM: the container is the subject, its digest comes from the pkg:oci purl", () => {
    const sbom = parseSpdx(loadFixture('spdx-2.3-trivy-alpine-3.15.spdx.json'));

    expect(sbom.tools).toEqual([{ name: 'trivy', version: '0.58.0' }]);
    expect(sbom.subject).toEqual({
      name: 'alpine:3.15',
      purl: 'pkg:oci/alpine@sha256%3A19b4bcc4f60e99dd5ebdca0cbce22c503bbcff197549d7e19dab4f22254dc864?arch=amd64&repository_url=index.docker.io%2Flibrary%2Falpine',
      digest:
        'sha256:19b4bcc4f60e99dd5ebdca0cbce22c503bbcff197549d7e19dab4f22254dc864',
      // `alpine` (repo digest) and `index.docker.io/library/alpine` (purl): one image.
      images: [
        {
          repository: 'docker.io/library/alpine',
          digest:
            'sha256:19b4bcc4f60e99dd5ebdca0cbce22c503bbcff197549d7e19dab4f22254dc864',
        },
      ],
      imageId:
        'sha256:32b91e3161c8fc2e3baf2732a594305ca5093c82ff4e0c9f6ebbd2a879468e1d',
    });
    expect(sbom.components).toHaveLength(15);
    // The OS node only groups packages; the packages it contains are direct.
    expect(sbom.components.every(c => c.relationship === 'direct')).toBe(true);
    expect(sbom.components.find(c => c.name === 'musl')).toEqual({
      name: 'musl',
      version: '1.2.2-r9',
      purl: 'pkg:apk/alpine/musl@1.2.2-r9?arch=x86_64&distro=3.15.11',
      type: 'library',
      licenses: ['MIT'],
      relationship: 'direct',
      ref: 'SPDXRef-Package-ee9b5186331e7a76',
    });
    expect(sbom.components.find(c => c.name === 'alpine')?.type).toBe(
      'operating-system',
    );
  });
});

describe('parseSpdx rules', () => {
  it('marks packages reached only through dependencies as transitive', () => {
    const sbom = parseSpdx({
      spdxVersion: 'SPDX-2.3',
      documentDescribes: ['SPDXRef-app'],
      packages: [
        { SPDXID: 'SPDXRef-app', name: 'app' },
        { SPDXID: 'SPDXRef-a', name: 'a', licenseConcluded: 'NONE' },
        { SPDXID: 'SPDXRef-b', name: 'b', licenseDeclared: 'NOASSERTION' },
      ],
      relationships: [
        {
          spdxElementId: 'SPDXRef-app',
          relationshipType: 'DEPENDS_ON',
          relatedSpdxElement: 'SPDXRef-a',
        },
        {
          spdxElementId: 'SPDXRef-b',
          relationshipType: 'DEPENDENCY_OF',
          relatedSpdxElement: 'SPDXRef-a',
        },
      ],
    });
    expect(summary(sbom.components)).toEqual([
      ['a', [], 'direct'],
      ['b', [], 'transitive'],
    ]);
  });

  it('refuses SPDX 2.1', () => {
    const doc = copyOf(loadFixture('spdx-2.2-appbomination.spdx.json')) as {
      spdxVersion: string;
    };
    doc.spdxVersion = 'SPDX-2.1';
    expect(() => parseSpdx(doc)).toThrow(
      new EvidenceInputError(
        'SPDX: spdxVersion SPDX-2.1 is not supported (supported: SPDX-2.2, SPDX-2.3)',
      ),
    );
  });

  it('names the package that breaks the shape', () => {
    const doc = copyOf(loadFixture('spdx-2.2-appbomination.spdx.json')) as {
      packages: Array<Record<string, unknown>>;
    };
    doc.packages[2].SPDXID = 42;
    expect(() => parseSpdx(doc)).toThrow(
      'SPDX: $.packages[2].SPDXID must be a string',
    );
  });
});
