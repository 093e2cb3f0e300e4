import { SbomComponent } from '@maestro-conductor/backstage-plugin-maestro-common';
import { parseCycloneDx } from './cyclonedx';
import { EvidenceInputError } from './errors';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

function byName(components: SbomComponent[], name: string): SbomComponent {
  const found = components.filter(component => component.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

function relationshipCounts(components: SbomComponent[]) {
  const counts = { direct: 0, transitive: 0, unknown: 0 };
  for (const component of components) counts[component.relationship] += 1;
  return counts;
}

describe('parseCycloneDx on real documents', () => {
  it('reads the CycloneDX 1.4 Laravel example from CycloneDX/bom-examples', () => {
    const sbom = parseCycloneDx(loadFixture('cyclonedx-1.4-laravel.bom.json'));

    expect(sbom.format).toBe('cyclonedx-json');
    expect(sbom.specVersion).toBe('1.4');
    expect(sbom.components).toHaveLength(62);
    expect(sbom.hasDependencyGraph).toBe(true);
    expect(sbom.tools).toEqual([
      { name: 'cyclonedx-php-composer', version: 'in-dev' },
    ]);
    expect(sbom.subject).toEqual({
      name: 'cyclonedx-php-composer-demo',
      version: 'dev-master',
      purl: 'pkg:composer/cyclonedx/cyclonedx-php-composer-demo@dev-master',
      images: [],
    });
    // The demo depends on laravel/laravel only; everything else comes through it.
    expect(relationshipCounts(sbom.components)).toEqual({
      direct: 1,
      transitive: 61,
      unknown: 0,
    });
    expect(byName(sbom.components, 'laravel/framework')).toEqual({
      name: 'laravel/framework',
      version: 'v7.30.6',
      purl: 'pkg:composer/laravel/framework@v7.30.6',
      type: 'library',
      licenses: ['MIT'],
      relationship: 'transitive',
      ref: 'laravel/framework-7.30.6.0',
    });
  });

  it("takes the image digest from a Trivy SBOM's pkg:oci purl and sees through graph nodes without a component", () => {
    const sbom = parseCycloneDx(
      loadFixture('cyclonedx-1.4-trivy-oci-image.cdx.json'),
    );

    expect(sbom.subject).toEqual({
      name: 'localhost:5001/demo-referrers-2023:app',
      purl: 'pkg:oci/demo-referrers-2023@sha256:e76a13475c6b4a713a0e4a7a8574ce450274d340357a2c40b8221cfcfedf8b19?repository_url=localhost:5001%2Fdemo-referrers-2023&arch=arm64',
      digest:
        'sha256:e76a13475c6b4a713a0e4a7a8574ce450274d340357a2c40b8221cfcfedf8b19',
      images: [
        {
          repository: 'localhost:5001/demo-referrers-2023',
          digest:
            'sha256:e76a13475c6b4a713a0e4a7a8574ce450274d340357a2c40b8221cfcfedf8b19',
        },
      ],
    });
    expect(sbom.tools).toEqual([{ name: 'trivy', version: '0.39.0' }]);
    expect(sbom.components.map(c => [c.name, c.type, c.relationship])).toEqual([
      ['github.com/opencontainers/go-digest', 'library', 'direct'],
      ['golang.org/x/sync', 'library', 'direct'],
    ]);
  });

  it('reads a Trivy CycloneDX 1.5 image SBOM: OS packages are direct, the image ID is kept apart from digests', () => {
    const sbom = parseCycloneDx(
      loadFixture('cyclonedx-1.5-trivy-centos-7.cdx.json'),
    );

    expect(sbom.specVersion).toBe('1.5');
    expect(sbom.subject).toEqual({
      name: 'integration/testdata/fixtures/images/centos-7.tar.gz',
      images: [],
      imageId:
        'sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427',
    });
    expect(
      sbom.components.map(c => [c.name, c.licenses, c.relationship]),
    ).toEqual([
      ['bash', ['GPLv3+'], 'direct'],
      ['openssl-libs', ['OpenSSL+'], 'direct'],
      ['centos', [], 'direct'],
    ]);
  });

  it('reads a Trivy CycloneDX 1.7 npm SBOM with the lock-file node between root and packages', () => {
    const sbom = parseCycloneDx(
      loadFixture('cyclonedx-1.7-trivy-npm.cdx.json'),
    );

    expect(sbom.specVersion).toBe('1.7');
    expect(sbom.components).toHaveLength(13);
    expect(sbom.tools).toEqual([{ name: 'trivy', version: 'dev' }]);
    const direct = sbom.components
      .filter(c => c.relationship === 'direct')
      .map(c => c.name)
      .sort();
    expect(direct).toEqual([
      'jquery',
      'package-lock.json',
      'promise',
      'react',
      'redux',
    ]);
    expect(byName(sbom.components, 'loose-envify')).toMatchObject({
      version: '1.4.0',
      purl: 'pkg:npm/loose-envify@1.4.0',
      relationship: 'transitive',
    });
    expect(byName(sbom.components, 'jquery').licenses).toEqual(['MIT']);
  });
});

describe('parseCycloneDx rules', () => {
  it('collects nested components and reads licence ids, names and expressions', () => {
    const sbom = parseCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        component: { 'bom-ref': 'app', type: 'application', name: 'app' },
      },
      components: [
        {
          'bom-ref': 'outer',
          type: 'library',
          name: 'outer',
          licenses: [{ expression: 'MIT OR Apache-2.0' }],
          components: [
            {
              'bom-ref': 'inner',
              type: 'library',
              name: 'inner',
              licenses: [{ license: { name: 'Custom licence' } }],
              purl: 'pkg:npm/inner@1.0.0',
            },
          ],
        },
      ],
    });
    expect(
      sbom.components.map(c => [c.name, c.licenses, c.relationship]),
    ).toEqual([
      ['outer', ['MIT OR Apache-2.0'], 'unknown'],
      ['inner', ['Custom licence'], 'unknown'],
    ]);
    expect(sbom.hasDependencyGraph).toBe(false);
  });

  it('takes a digest from the subject hash or a pkg:docker digest qualifier', () => {
    const hex = 'ab'.repeat(32);
    const withHash = parseCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: {
        component: {
          type: 'container',
          name: 'api',
          hashes: [{ alg: 'SHA-256', content: hex }],
        },
      },
    });
    expect(withHash.subject?.digest).toBe(`sha256:${hex}`);

    const withQualifier = parseCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: {
        component: {
          type: 'container',
          name: 'api',
          purl: `pkg:docker/acme/api?repository_url=ghcr.io&digest=sha256%3A${hex}`,
        },
      },
    });
    expect(withQualifier.subject?.images).toEqual([
      { repository: 'ghcr.io/acme/api', digest: `sha256:${hex}` },
    ]);
  });

  it('explains which component breaks the shape', () => {
    const doc = copyOf(loadFixture('cyclonedx-1.4-laravel.bom.json')) as {
      components: Array<Record<string, unknown>>;
    };
    delete doc.components[3].name;
    expect(() => parseCycloneDx(doc)).toThrow(
      new EvidenceInputError('CycloneDX: $.components[3].name is required'),
    );
  });
});

describe('parseCycloneDx at scale', () => {
  it('reads a generated 10,000-component SBOM with a deep dependency chain', () => {
    const count = 10_000;
    const components = Array.from({ length: count }, (_, index) => ({
      'bom-ref': `pkg:npm/c${index}@1.0.0`,
      type: 'library',
      name: `c${index}`,
      version: '1.0.0',
      purl: `pkg:npm/c${index}@1.0.0`,
    }));
    // Root → c0..c9; each ci → c(i+10): one long chain per direct dependency,
    // plus back-edges so a naive walk would revisit nodes.
    const dependencies = [
      {
        ref: 'root',
        dependsOn: components.slice(0, 10).map(c => c['bom-ref']),
      },
      ...components.map((component, index) => ({
        ref: component['bom-ref'],
        dependsOn: [
          ...(index + 10 < count ? [components[index + 10]['bom-ref']] : []),
          components[0]['bom-ref'],
        ],
      })),
    ];
    const sbom = parseCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        component: { 'bom-ref': 'root', type: 'application', name: 'root' },
      },
      components,
      dependencies,
    });
    expect(sbom.components).toHaveLength(count);
    expect(relationshipCounts(sbom.components)).toEqual({
      direct: 10,
      transitive: count - 10,
      unknown: 0,
    });
  });
});
