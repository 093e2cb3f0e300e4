/**
 * CycloneDX JSON (1.2 to 1.7) to `NormalizedSbom` and, when the BOM lists
 * vulnerabilities, `NormalizedVulnerabilityReport` (see
 * cyclonedxVulnerabilities.ts).
 *
 * Components are collected depth-first, nested `components` included. The
 * subject is `metadata.component`; its digest comes from a SHA-256 hash, a
 * `pkg:oci` / `pkg:docker` purl, or Trivy's `aquasecurity:trivy:RepoDigest`
 * properties. Relationships come from `dependencies` (see dependencyGraph.ts).
 *
 * Versions: JSON exists since CycloneDX 1.2. What is stored (name, group,
 * version, purl, type, licences, bom-ref, nested components, dependencies,
 * `metadata.component`) has the same shape in 1.2 to 1.7; `metadata.tools`
 * is an array before 1.5 and an object since. `vulnerabilities` is core
 * since 1.4 and read wherever it appears.
 *
 * Nothing is dropped silently: top-level sections that are not read
 * (services, formulation, declarations, definitions, the BOM's own
 * signature, members CycloneDX does not define) are named in `warnings`.
 * An empty `vulnerabilities` array is not a clean scan: Trivy writes one
 * whether or not it scanned, so such a BOM is an SBOM only, and says so.
 */
import {
  EvidenceTool,
  NormalizedSbom,
  NormalizedVulnerabilityReport,
  SbomComponent,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { isJsonObject, ShapeReader, unique } from './documentShape';
import { addEdge, classifyDependencies } from './dependencyGraph';
import { buildSubject, packageUrlType } from './imageEvidence';
import { EvidenceInputError } from './errors';
import {
  BomComponent,
  readCycloneDxVulnerabilities,
} from './cyclonedxVulnerabilities';

const FORMAT = 'CycloneDX';

/** Spec versions whose JSON the parser reads (JSON exists since 1.2). @public */
export const SUPPORTED_CYCLONEDX_VERSIONS = [
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '1.7',
];

/** Component types that only group packages when they carry no purl. */
const GROUPING_TYPES = new Set(['application', 'operating-system']);

/** Top-level members that are read, or are only identification and links. */
const READ_OR_INFORMATIONAL = new Set([
  '$schema',
  'bomFormat',
  'specVersion',
  'serialNumber',
  'version',
  'metadata',
  'components',
  'dependencies',
  'vulnerabilities',
  'externalReferences',
  'properties',
  'compositions',
  'annotations',
  'citations',
]);

/** Top-level sections with content Maestro does not read, and what is lost. */
const UNREAD_SECTIONS: Record<string, string> = {
  services: 'services are not stored (only components are)',
  formulation: 'how the product was built (formulation) is not read',
  declarations: 'attestations and claims (declarations) are not read',
  definitions: 'standards (definitions) are not read',
  signature:
    "the BOM's own JSF signature is not verified; sign the BOM with cosign and send its sigstore bundle",
};

type CollectedComponent = BomComponent & { grouping: boolean };

/**
 * A CycloneDX BOM as read: always its SBOM side; a vulnerability report when
 * it lists vulnerabilities; and what was not read, for the whole document.
 *
 * @public
 */
export type CycloneDxBom = {
  sbom: NormalizedSbom;
  /** Present when `vulnerabilities` is a non-empty array. */
  report?: NormalizedVulnerabilityReport;
  warnings: string[];
};

/**
 * Reads a CycloneDX JSON document as an SBOM (its vulnerabilities, if any,
 * are read by {@link readCycloneDxBom}).
 *
 * @throws EvidenceInputError when it is not CycloneDX 1.2–1.7 JSON or breaks its shape
 * @public
 */
export function parseCycloneDx(doc: unknown): NormalizedSbom {
  return readCycloneDxBom(doc).sbom;
}

/**
 * Reads a CycloneDX JSON document: components, and vulnerabilities with
 * their VEX analysis when present.
 *
 * @throws EvidenceInputError when it is not CycloneDX 1.2–1.7 JSON or breaks its shape
 * @public
 */
export function readCycloneDxBom(doc: unknown): CycloneDxBom {
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
    collected.push({ ...readComponent(reader), reader });
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

  const tools = readTools(metadata);
  const sbom: NormalizedSbom = {
    format: 'cyclonedx-json',
    specVersion,
    tools,
    components: collected
      .map(entry => entry.component)
      .filter(component => !rootRef || component.ref !== rootRef),
    hasDependencyGraph,
  };
  const documentId = bom.optionalString('serialNumber');
  if (documentId) sbom.documentId = documentId;
  const createdAt = metadata?.optionalString('timestamp');
  if (createdAt) sbom.createdAt = createdAt;
  if (rootComponent) sbom.subject = readSubject(rootComponent);

  const warnings = unreadSections(bom, specVersion);
  let report: NormalizedVulnerabilityReport | undefined;
  const listed = bom.object.vulnerabilities;
  if (Array.isArray(listed) && listed.length === 0) {
    warnings.push(
      "$.vulnerabilities is empty: read as an SBOM, not as a scan that found nothing (Trivy writes an empty list whether or not it scanned); send the scanner's JSON report to record a clean scan",
    );
  } else if (bom.has('vulnerabilities')) {
    const read = readCycloneDxVulnerabilities({
      bom,
      components: new Map(
        collected.flatMap(entry =>
          entry.component.ref ? [[entry.component.ref, entry]] : [],
        ),
      ),
      root: rootComponent && {
        component: rootAsComponent(rootComponent),
        reader: rootComponent,
      },
      serialNumber: documentId,
      listsComponents: Array.isArray(bom.object.components),
    });
    warnings.push(...read.warnings);
    report = {
      format: 'cyclonedx-json',
      scanner: tools[0] ?? { name: 'unknown' },
      findings: read.findings,
    };
    if (sbom.subject) report.subject = sbom.subject;
    if (createdAt) report.createdAt = createdAt;
  }
  if (warnings.length > 0) {
    sbom.warnings = warnings;
    if (report) report.warnings = warnings;
  }
  return report ? { sbom, report, warnings } : { sbom, warnings };
}

/** `metadata.component` as an affected component (VEX documents name the product itself). */
function rootAsComponent(reader: ShapeReader): SbomComponent {
  const group = reader.optionalString('group');
  const name = reader.optionalString('name') ?? '';
  const component: SbomComponent = {
    name: group ? `${group}/${name}` : name,
    licenses: [],
    relationship: 'unknown',
  };
  const version = reader.optionalString('version');
  if (version) component.version = version;
  const purl = reader.optionalString('purl');
  if (purl) component.purl = purl;
  const type = reader.optionalString('type') ?? packageUrlType(purl);
  if (type) component.type = type;
  return component;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

/** Sections with content that is not read, and members CycloneDX does not define. */
function unreadSections(bom: ShapeReader, specVersion: string): string[] {
  const warnings: string[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(bom.object)) {
    if (READ_OR_INFORMATIONAL.has(key) || isEmpty(value)) continue;
    const lost = UNREAD_SECTIONS[key];
    if (lost) {
      const count = Array.isArray(value) ? ` (${value.length})` : '';
      warnings.push(`$.${key}${count}: ${lost}`);
    } else {
      unknown.push(key);
    }
  }
  if (unknown.length > 0) {
    warnings.push(
      `top-level member(s) ${unknown.join(
        ', ',
      )} are not defined by CycloneDX ${specVersion} and are not read`,
    );
  }
  return warnings;
}

/** @throws EvidenceInputError for versions before 1.2 (XML only) or unknown ones. */
export function assertSupportedCycloneDxVersion(specVersion: string): void {
  if (!SUPPORTED_CYCLONEDX_VERSIONS.includes(specVersion)) {
    throw new EvidenceInputError(
      `${FORMAT}: specVersion ${specVersion} is not supported (supported: ${SUPPORTED_CYCLONEDX_VERSIONS.join(
        ', ',
      )}); regenerate the SBOM with a current generator`,
    );
  }
}

function readComponent(
  reader: ShapeReader,
): Omit<CollectedComponent, 'reader'> {
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
