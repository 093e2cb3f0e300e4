/**
 * CycloneDX JSON (1.4 to 1.7) to `NormalizedSbom`.
 *
 * Components are collected depth-first, nested `components` included. The
 * subject is `metadata.component`; its digest comes from a SHA-256 hash, a
 * `pkg:oci` / `pkg:docker` purl, or Trivy's `aquasecurity:trivy:RepoDigest`
 * properties. Relationships come from `dependencies` (see dependencyGraph.ts).
 */
import {
  EvidenceTool,
  NormalizedSbom,
  SbomComponent,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader, unique } from './documentShape';
import { addEdge, classifyDependencies } from './dependencyGraph';
import { buildSubject, packageUrlType } from './imageEvidence';
import { EvidenceInputError } from './errors';

const FORMAT = 'CycloneDX';

/** Spec versions whose JSON the parser reads. 1.7 added nothing it relies on. @public */
export const SUPPORTED_CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6', '1.7'];

/** Component types that only group packages when they carry no purl. */
const GROUPING_TYPES = new Set(['application', 'operating-system']);

type CollectedComponent = {
  component: SbomComponent;
  grouping: boolean;
};

/**
 * Reads a CycloneDX JSON document.
 *
 * @throws EvidenceInputError when it is not CycloneDX 1.4–1.7 JSON or breaks its shape
 * @public
 */
export function parseCycloneDx(doc: unknown): NormalizedSbom {
  const bom = ShapeReader.root(FORMAT, doc);
  if (bom.object.bomFormat !== 'CycloneDX') {
    bom.fail("is not a CycloneDX BOM (bomFormat must be 'CycloneDX')");
  }
  const specVersion = bom.requiredString('specVersion');
  assertSupportedCycloneDxVersion(specVersion);

  const metadata = bom.optionalObject('metadata');
  const rootComponent = metadata?.optionalObject('component');
  const rootRef = rootComponent?.optionalString('bom-ref');

  const collected: CollectedComponent[] = [];
  const stack = bom.objects('components').reverse();
  while (stack.length > 0) {
    const reader = stack.pop()!;
    collected.push(readComponent(reader));
    const nested = reader.objects('components');
    for (let index = nested.length - 1; index >= 0; index--) {
      stack.push(nested[index]);
    }
  }

  const dependencies = bom.objects('dependencies');
  const hasDependencyGraph = dependencies.length > 0 && rootRef !== undefined;
  if (hasDependencyGraph) {
    const edges = new Map<string, string[]>();
    for (const dependency of dependencies) {
      const ref = dependency.requiredString('ref');
      for (const target of dependency.strings('dependsOn')) {
        addEdge(edges, ref, target);
      }
    }
    const byRef = new Map<string, CollectedComponent>();
    for (const entry of collected) {
      if (entry.component.ref) byRef.set(entry.component.ref, entry);
    }
    const relationships = classifyDependencies({
      edges,
      root: rootRef,
      // A ref that names no component, or a purl-less grouping node.
      isTransparent: ref => byRef.get(ref)?.grouping ?? true,
    });
    for (const entry of collected) {
      const ref = entry.component.ref;
      entry.component.relationship =
        (ref && relationships.get(ref)) || 'unknown';
    }
  }

  const result: NormalizedSbom = {
    format: 'cyclonedx-json',
    specVersion,
    tools: readTools(metadata),
    components: collected
      .map(entry => entry.component)
      .filter(component => !rootRef || component.ref !== rootRef),
    hasDependencyGraph,
  };
  const documentId = bom.optionalString('serialNumber');
  if (documentId) result.documentId = documentId;
  const createdAt = metadata?.optionalString('timestamp');
  if (createdAt) result.createdAt = createdAt;
  if (rootComponent) result.subject = readSubject(rootComponent);
  return result;
}

/** @throws EvidenceInputError for versions before 1.4 or unknown ones. */
export function assertSupportedCycloneDxVersion(specVersion: string): void {
  if (!SUPPORTED_CYCLONEDX_VERSIONS.includes(specVersion)) {
    throw new EvidenceInputError(
      `${FORMAT}: specVersion ${specVersion} is not supported (supported: ${SUPPORTED_CYCLONEDX_VERSIONS.join(
        ', ',
      )}); regenerate the SBOM with a current generator`,
    );
  }
}

function readComponent(reader: ShapeReader): CollectedComponent {
  const group = reader.optionalString('group');
  const name = reader.requiredString('name');
  const purl = reader.optionalString('purl');
  const type = reader.optionalString('type') ?? packageUrlType(purl);
  const component: SbomComponent = {
    name: group ? `${group}/${name}` : name,
    licenses: readLicenses(reader),
    relationship: 'unknown',
  };
  const version = reader.optionalString('version');
  if (version) component.version = version;
  if (purl) component.purl = purl;
  if (type) component.type = type;
  const ref = reader.optionalString('bom-ref');
  if (ref) component.ref = ref;
  return {
    component,
    grouping: !purl && type !== undefined && GROUPING_TYPES.has(type),
  };
}

function readLicenses(reader: ShapeReader): string[] {
  const licenses: string[] = [];
  for (const choice of reader.objects('licenses')) {
    const expression = choice.optionalString('expression');
    if (expression) {
      licenses.push(expression);
    }
    const license = choice.optionalObject('license');
    const idOrName =
      license?.optionalString('id') ?? license?.optionalString('name');
    if (idOrName) {
      licenses.push(idOrName);
    }
  }
  return unique(licenses);
}

/** `metadata.tools`: an array before 1.5, `{ components, services }` since. */
function readTools(metadata: ShapeReader | undefined): EvidenceTool[] {
  if (!metadata?.has('tools')) {
    return [];
  }
  const tools = Array.isArray(metadata.object.tools)
    ? metadata.objects('tools')
    : [
        ...(metadata.optionalObject('tools')?.objects('components') ?? []),
        ...(metadata.optionalObject('tools')?.objects('services') ?? []),
      ];
  return tools.flatMap(tool => {
    const name = tool.optionalString('name');
    if (!name) return [];
    const version = tool.optionalString('version');
    return [version ? { name, version } : { name }];
  });
}

function readSubject(component: ShapeReader): NormalizedSbom['subject'] {
  const sha256 = component
    .objects('hashes')
    .find(hash => hash.optionalString('alg')?.toUpperCase() === 'SHA-256')
    ?.optionalString('content');
  const properties = component.objects('properties');
  const property = (name: string) =>
    properties
      .filter(entry => entry.optionalString('name') === name)
      .map(entry => entry.optionalString('value'))
      .filter((value): value is string => value !== undefined);
  return buildSubject({
    name: component.optionalString('name'),
    version: component.optionalString('version'),
    purl: component.optionalString('purl'),
    digest: sha256 ? `sha256:${sha256}` : undefined,
    repoDigests: property('aquasecurity:trivy:RepoDigest'),
    imageId: property('aquasecurity:trivy:ImageID')[0],
  });
}
