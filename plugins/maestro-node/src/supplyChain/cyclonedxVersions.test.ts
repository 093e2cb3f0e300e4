import { SbomComponent } from '@maestro-conductor/backstage-plugin-maestro-common';
import { parseCycloneDx } from './cyclonedx';
import { detectEvidenceDocument } from './detect';
import { loadFixture } from './__testUtils__/fixtures';

type Json = Record<string, any>;

/** Components the document lists, nested ones included, counted from the JSON. */
function listedComponents(doc: Json): number {
  const count = (components: Json[] = []): number =>
    components.reduce((sum, c) => sum + 1 + count(c.components), 0);
  return count(doc.components);
}

const comparable = (components: SbomComponent[]) =>
  components.map(c => [c.name, c.version, c.purl, c.licenses, c.relationship]);

describe('CycloneDX 1.2 and 1.3 JSON', () => {
  it('reads the Laravel example in 1.2, 1.3 and 1.4 alike: 62 components, one direct', () => {
    const [v12, v13, v14] = ['1.2', '1.3', '1.4'].map(version => {
      const doc = loadFixture(`cyclonedx-${version}-laravel.bom.json`) as Json;
      expect(detectEvidenceDocument(doc)).toEqual({
        kind: 'sbom',
        format: 'cyclonedx-json',
        version,
      });
      const sbom = parseCycloneDx(doc);
      expect(sbom.specVersion).toBe(version);
      expect(sbom.components).toHaveLength(listedComponents(doc));
      return sbom;
    });
    expect(v14.components).toHaveLength(62);
    expect(comparable(v12.components)).toEqual(comparable(v14.components));
    expect(comparable(v13.components)).toEqual(comparable(v14.components));
    expect(v12.subject).toEqual(v14.subject);
    expect(v12.hasDependencyGraph).toBe(true);
    expect(v12.components.filter(c => c.relationship === 'direct')).toEqual([
      expect.objectContaining({ name: 'laravel/laravel' }),
    ]);
    // metadata.tools is an array before 1.5.
    expect(v12.tools).toEqual([
      { name: 'cyclonedx-php-composer', version: 'in-dev' },
    ]);
    expect(v12.warnings).toBeUndefined();
  });

  it("reads cyclonedx-node-module's 1.2 BOM of the CERN LHC vdM editor", () => {
    const doc = loadFixture('cyclonedx-1.2-cern-lhc-vdm-editor.bom.json');
    const sbom = parseCycloneDx(doc);
    expect(sbom.components).toHaveLength(listedComponents(doc as Json));
    expect(sbom.components).toHaveLength(43);
    expect(sbom.subject).toMatchObject({
      name: 'lhc-vdm-editor',
      version: '0.0.1',
      purl: 'pkg:npm/lhc-vdm-editor@0.0.1',
    });
    expect(sbom.tools).toEqual([{ name: 'Node.js module', version: '2.0.0' }]);
  });

  it("reads the CycloneDX Maven plugin's 1.3 BOM of the VEX example, group and name joined", () => {
    const doc = loadFixture('cyclonedx-1.3-vex-example-app.bom.json');
    const sbom = parseCycloneDx(doc);
    expect(sbom.components).toHaveLength(3);
    expect(sbom.components[0]).toMatchObject({
      name: 'com.fasterxml.jackson.core/jackson-databind',
      version: '2.10.0',
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar',
      licenses: ['Apache-2.0'],
    });
    expect(sbom.tools).toEqual([
      { name: 'CycloneDX Maven plugin', version: '2.5.3' },
    ]);
  });
});
