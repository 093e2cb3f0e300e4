/**
 * Content sniffing: which evidence a JSON value is, from the markers each
 * format requires (never from a file name or a declared media type, which
 * uploads get wrong). Known formats in versions Maestro does not read are
 * refused with the reason, rather than parsed as something else.
 */
import { jsonSyntaxReason } from '../json/jsonSyntaxReason';
import { DetectedEvidenceDocument } from '@maestro-conductor/backstage-plugin-maestro-common';
import { isJsonObject, JsonObject } from './documentShape';
import { EvidenceInputError } from './errors';
import { assertSupportedCycloneDxVersion } from './cyclonedx';
import { assertSupportedSpdxVersion } from './spdx';

const IN_TOTO_STATEMENTS: Record<string, string> = {
  'https://in-toto.io/Statement/v0.1': 'v0.1',
  'https://in-toto.io/Statement/v1': 'v1',
};

const SIGSTORE_BUNDLE_PREFIX = 'application/vnd.dev.sigstore.bundle';

/** What Maestro reads, for error messages. */
const KNOWN_FORMATS =
  'CycloneDX 1.2–1.7 JSON (SBOMs, with vulnerabilities and VEX), SPDX 2.2/2.3 JSON, Trivy JSON, Grype JSON, SARIF 2.1.0, in-toto statements, sigstore bundles';

/**
 * Parses evidence text as JSON.
 *
 * @throws EvidenceInputError when the text is not JSON
 * @public
 */
export function readEvidenceJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EvidenceInputError(
      `evidence is not valid JSON (${jsonSyntaxReason(
        error,
      )}); XML and tag-value SBOMs are not supported`,
    );
  }
}

/**
 * Identifies a parsed JSON evidence document by its content.
 *
 * @throws EvidenceInputError when it is no known document, or a known one in an unsupported version
 * @public
 */
export function detectEvidenceDocument(
  value: unknown,
): DetectedEvidenceDocument {
  if (!isJsonObject(value)) {
    throw new EvidenceInputError(
      `evidence must be a JSON object, not ${describeJson(value)}`,
    );
  }
  return (
    detectSbom(value) ??
    detectVulnerabilityReport(value) ??
    detectSignedEvidence(value) ??
    refuse(value)
  );
}

function detectSbom(doc: JsonObject): DetectedEvidenceDocument | undefined {
  if (doc.bomFormat === 'CycloneDX') {
    if (typeof doc.specVersion !== 'string') {
      throw new EvidenceInputError(
        'CycloneDX: $.specVersion is required to tell which version the BOM follows',
      );
    }
    assertSupportedCycloneDxVersion(doc.specVersion);
    return {
      kind: cycloneDxKind(doc),
      format: 'cyclonedx-json',
      version: doc.specVersion,
    };
  }
  if (typeof doc.spdxVersion === 'string') {
    assertSupportedSpdxVersion(doc.spdxVersion);
    return {
      kind: 'sbom',
      format: 'spdx-json',
      version: doc.spdxVersion.slice('SPDX-'.length),
    };
  }
  if (JSON.stringify(doc['@context'] ?? '').includes('spdx.org/rdf/3')) {
    throw new EvidenceInputError(
      'SPDX: SPDX 3 JSON-LD is not supported; export the SBOM as SPDX 2.3 JSON',
    );
  }
  return undefined;
}

/**
 * A BOM with vulnerabilities is a scan; with a `components` list as well it
 * is the SBOM too (Trivy, Grype), without one a VEX or VDR document. An
 * empty `vulnerabilities` list says nothing (Trivy always writes one).
 */
function cycloneDxKind(doc: JsonObject): DetectedEvidenceDocument['kind'] {
  const { vulnerabilities, components } = doc;
  if (!Array.isArray(vulnerabilities) || vulnerabilities.length === 0) {
    return 'sbom';
  }
  return Array.isArray(components)
    ? 'sbom-and-vulnerability-report'
    : 'vulnerability-report';
}

function detectVulnerabilityReport(
  doc: JsonObject,
): DetectedEvidenceDocument | undefined {
  if (
    doc.SchemaVersion !== undefined &&
    ('Results' in doc || 'ArtifactName' in doc)
  ) {
    if (doc.SchemaVersion !== 2) {
      throw new EvidenceInputError(
        `Trivy: SchemaVersion ${JSON.stringify(
          doc.SchemaVersion,
        )} is not supported (only 2)`,
      );
    }
    return { kind: 'vulnerability-report', format: 'trivy-json', version: '2' };
  }
  if (
    'matches' in doc &&
    isJsonObject(doc.descriptor) &&
    doc.descriptor.name === 'grype'
  ) {
    return { kind: 'vulnerability-report', format: 'grype-json' };
  }
  const sarifSchema = String(doc.$schema ?? '').includes('sarif');
  if (sarifSchema || ('runs' in doc && typeof doc.version === 'string')) {
    if (doc.version !== '2.1.0') {
      throw new EvidenceInputError(
        `SARIF: version ${JSON.stringify(
          doc.version ?? null,
        )} is not supported (only 2.1.0)`,
      );
    }
    return { kind: 'vulnerability-report', format: 'sarif', version: '2.1.0' };
  }
  return undefined;
}

function detectSignedEvidence(
  doc: JsonObject,
): DetectedEvidenceDocument | undefined {
  if (typeof doc._type === 'string' && doc._type.includes('in-toto.io')) {
    const version = IN_TOTO_STATEMENTS[doc._type];
    if (!version) {
      throw new EvidenceInputError(
        `in-toto: statement type ${doc._type} is not supported (Statement v0.1 or v1)`,
      );
    }
    const detected: DetectedEvidenceDocument = {
      kind: 'attestation',
      format: 'in-toto-statement',
      version,
    };
    if (typeof doc.predicateType === 'string') {
      detected.predicateType = doc.predicateType;
    }
    return detected;
  }
  if (
    typeof doc.mediaType === 'string' &&
    doc.mediaType.startsWith(SIGSTORE_BUNDLE_PREFIX)
  ) {
    // `…bundle.v0.3+json`, or the older `…bundle+json;version=0.2`.
    const version =
      /bundle\.v(\d+\.\d+)\+json/.exec(doc.mediaType)?.[1] ??
      /;version=(\d+\.\d+)/.exec(doc.mediaType)?.[1];
    return {
      kind: 'signature-bundle',
      format: 'sigstore-bundle',
      ...(version ? { version } : {}),
    };
  }
  return undefined;
}

function refuse(doc: JsonObject): never {
  if (typeof doc.payloadType === 'string' && 'payload' in doc) {
    throw new EvidenceInputError(
      `evidence is a DSSE envelope (${doc.payloadType}); submit it inside a sigstore bundle, or its decoded in-toto statement`,
    );
  }
  throw new EvidenceInputError(
    `evidence is not an SBOM, vulnerability report, attestation or signature bundle that Maestro reads (${KNOWN_FORMATS})`,
  );
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
