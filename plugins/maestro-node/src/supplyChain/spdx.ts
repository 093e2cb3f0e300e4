/**
 * SPDX 2.2 / 2.3 JSON to `NormalizedSbom`.
 *
 * The subject is the one package the document describes (`documentDescribes`,
 * or a DESCRIBES / DESCRIBED_BY relationship with SPDXRef-DOCUMENT), as
 * CycloneDX's `metadata.component` is: it is stored and shown as what the
 * SBOM describes, and not counted among the components. When several
 * packages are described there is no single subject: every package is
 * listed, relationships stay unknown, and a warning says so. Files and
 * snippets are not stored (only packages are components); a document with
 * them says so in its warnings too.
 *
 * Edges of the dependency graph (parent → child), from the relationship types
 * that mean "ships with": DEPENDS_ON, DEPENDENCY_OF, RUNTIME_DEPENDENCY_OF,
 * OPTIONAL_DEPENDENCY_OF, CONTAINS, CONTAINED_BY, STATIC_LINK, DYNAMIC_LINK.
 * Development, test and build dependencies are not followed: they are not
 * part of what is deployed, so such packages read as `unknown`.
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

const FORMAT = 'SPDX';
const DOCUMENT_ID = 'SPDXRef-DOCUMENT';

/** SPDX versions whose JSON the parser reads. @public */
export const SUPPORTED_SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'];

/** Relationship type → whether the edge runs element → related (true) or the reverse. */
const DEPENDENCY_EDGES: Record<string, boolean> = {
  DEPENDS_ON: true,
  CONTAINS: true,
  STATIC_LINK: true,
  DYNAMIC_LINK: true,
  DEPENDENCY_OF: false,
  RUNTIME_DEPENDENCY_OF: false,
  OPTIONAL_DEPENDENCY_OF: false,
  CONTAINED_BY: false,
};

const GROUPING_PURPOSES = new Set(['application', 'operating-system']);
const NO_LICENSE = new Set(['NOASSERTION', 'NONE']);

type CollectedPackage = {
  component: SbomComponent;
  reader: ShapeReader;
  grouping: boolean;
};

/**
 * Reads an SPDX 2.2 or 2.3 JSON document.
 *
 * @throws EvidenceInputError when it is not SPDX 2.2/2.3 JSON or breaks its shape
 * @public
 */
export function parseSpdx(doc: unknown): NormalizedSbom {
  const spdx = ShapeReader.root(FORMAT, doc);
  const version =
    spdx.optionalString('spdxVersion') ??
    spdx.fail('is not an SPDX 2.x document (spdxVersion is missing)');
  assertSupportedSpdxVersion(version);

  const packages = new Map<string, CollectedPackage>();
  for (const reader of spdx.objects('packages')) {
    const entry = readPackage(reader);
    packages.set(entry.component.ref!, entry);
  }

  const relationships = spdx.objects('relationships').map(relationship => ({
    element: relationship.requiredString('spdxElementId'),
    type: relationship.requiredString('relationshipType').toUpperCase(),
    related: relationship.requiredString('relatedSpdxElement'),
  }));

  const described = unique([
    ...spdx.strings('documentDescribes'),
    ...relationships
      .filter(r => r.type === 'DESCRIBES' && r.element === DOCUMENT_ID)
      .map(r => r.related),
    ...relationships
      .filter(r => r.type === 'DESCRIBED_BY' && r.related === DOCUMENT_ID)
      .map(r => r.element),
  ]);
  const describedPackages = described.filter(id => packages.has(id));
  const rootId =
    describedPackages.length === 1 ? describedPackages[0] : undefined;

  const edges = new Map<string, string[]>();
  for (const { element, type, related } of relationships) {
    const forward = DEPENDENCY_EDGES[type];
    if (forward !== undefined) {
      addEdge(edges, forward ? element : related, forward ? related : element);
    }
  }
  const hasDependencyGraph = rootId !== undefined && edges.size > 0;
  if (rootId && hasDependencyGraph) {
    const classified = classifyDependencies({
      edges,
      root: rootId,
      // Files and other non-package elements pass through, as do grouping packages.
      isTransparent: id => packages.get(id)?.grouping ?? true,
    });
    for (const [id, entry] of packages) {
      entry.component.relationship = classified.get(id) ?? 'unknown';
    }
  }

  const creationInfo = spdx.optionalObject('creationInfo');
  const result: NormalizedSbom = {
    format: 'spdx-json',
    specVersion: version.slice('SPDX-'.length),
    tools: readTools(creationInfo),
    components: [...packages.values()]
      .filter(entry => entry.component.ref !== rootId)
      .map(entry => entry.component),
    hasDependencyGraph,
  };
  const documentId = spdx.optionalString('documentNamespace');
  if (documentId) result.documentId = documentId;
  const createdAt = creationInfo?.optionalString('created');
  if (createdAt) result.createdAt = createdAt;
  const root = rootId ? packages.get(rootId) : undefined;
  if (root) result.subject = readSubject(root);
  const warnings = [
    ...describedWarnings(described, describedPackages),
    ...['files', 'snippets'].flatMap(key => {
      const count = spdx.objects(key).length;
      return count > 0
        ? [`$.${key} (${count}): ${key} are not stored, only packages are`]
        : [];
    }),
  ];
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

function describedWarnings(described: string[], packages: string[]): string[] {
  const warnings: string[] = [];
  const others = described.filter(id => !packages.includes(id));
  if (others.length > 0 && packages.length > 0) {
    warnings.push(
      `the document also describes ${others.join(', ')}, which ${
        others.length === 1 ? 'is' : 'are'
      } not a package: the subject is the described package`,
    );
  }
  if (packages.length > 1) {
    warnings.push(
      `the document describes ${packages.length} packages (${packages.join(
        ', ',
      )}): there is no single subject, so all are listed as components and relationships are unknown`,
    );
  }
  return warnings;
}

/** @throws EvidenceInputError for SPDX versions other than 2.2 and 2.3. */
export function assertSupportedSpdxVersion(version: string): void {
  if (!SUPPORTED_SPDX_VERSIONS.includes(version)) {
    throw new EvidenceInputError(
      `${FORMAT}: spdxVersion ${version} is not supported (supported: ${SUPPORTED_SPDX_VERSIONS.join(
        ', ',
      )})`,
    );
  }
}

function readPackage(reader: ShapeReader): CollectedPackage {
  const id = reader.requiredString('SPDXID');
  const purl = reader
    .objects('externalRefs')
    .find(ref => ref.optionalString('referenceType') === 'purl')
    ?.optionalString('referenceLocator');
  const purpose = reader
    .optionalString('primaryPackagePurpose')
    ?.toLowerCase()
    .replace(/_/g, '-');
  const type = purpose ?? packageUrlType(purl);
  const licenses = unique(
    [
      reader.optionalString('licenseConcluded'),
      reader.optionalString('licenseDeclared'),
    ].filter(
      (license): license is string =>
        license !== undefined && !NO_LICENSE.has(license),
    ),
  );
  const component: SbomComponent = {
    name: reader.requiredString('name'),
    licenses,
    relationship: 'unknown',
    ref: id,
  };
  const version = reader.optionalString('versionInfo');
  if (version) component.version = version;
  if (purl) component.purl = purl;
  if (type) component.type = type;
  return {
    component,
    reader,
    grouping: !purl && purpose !== undefined && GROUPING_PURPOSES.has(purpose),
  };
}

/** `creationInfo.creators` entries such as `Tool: trivy-0.50.1`. */
function readTools(creationInfo: ShapeReader | undefined): EvidenceTool[] {
  return (creationInfo?.strings('creators') ?? []).flatMap(creator => {
    const match = /^Tool:\s*(.+?)(?:-(\d[\w.+-]*))?\s*$/.exec(creator);
    if (!match) return [];
    return [
      match[2] ? { name: match[1], version: match[2] } : { name: match[1] },
    ];
  });
}

function readSubject({ component, reader }: CollectedPackage) {
  const sha256 = reader
    .objects('checksums')
    .find(checksum => checksum.optionalString('algorithm') === 'SHA256')
    ?.optionalString('checksumValue');
  // Trivy records the image's repo digests and ID as annotation comments.
  const annotated = (label: string) =>
    reader
      .objects('annotations')
      .map(annotation => annotation.optionalString('comment') ?? '')
      .filter(comment => comment.startsWith(`${label}: `))
      .map(comment => comment.slice(label.length + 2).trim());
  return buildSubject({
    name: component.name,
    version: component.version,
    purl: component.purl,
    digest: sha256 ? `sha256:${sha256}` : undefined,
    repoDigests: annotated('RepoDigest'),
    imageId: annotated('ImageID')[0],
  });
}
