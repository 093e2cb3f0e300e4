/*
 * What Maestro reads from one evidence document for one artifact, before
 * anything is stored: the format by content sniffing, the normalized SBOM
 * components or vulnerability findings, and for sigstore bundles and in-toto
 * statements the verification outcome with its reason.
 *
 * Signature trust never depends on the uploader: a bundle counts only when it
 * verifies against the configured trusted root and identities, for this
 * artifact's digest. Without a trusted root every bundle is stored as not
 * verified, with that reason. SLSA provenance in a DSSE bundle is believed
 * only when the bundle verifies; a bare statement is checked (subject digest,
 * predicate, builder) but recorded as unsigned.
 */
import { InputError } from '@backstage/errors';
import {
  DetectedEvidenceDocument,
  EvidenceSubject,
  EvidenceTool,
  ImageArtifactRef,
  SbomComponent,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  EvidenceInputError,
  parseEvidenceDocument,
  ParsedEvidenceDocument,
  ProvenanceVerification,
  readEvidenceJson,
  SignatureVerification,
  SignatureVerifier,
  verifySlsaProvenance,
} from '@maestro-conductor/backstage-plugin-maestro-node';

export const NO_TRUST_ROOT = 'no sigstore trust root configured';

const SLSA_PREDICATE_PREFIX = 'https://slsa.dev/provenance/';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** A signature outcome ready to store. */
export type SignatureOutcome = {
  verified: boolean;
  reason: string;
  signerSubject?: string;
  signerIssuer?: string;
  integratedTime?: string;
  detail: SignatureVerification | { verified: false; reason: string };
};

/** A provenance outcome ready to store. */
export type ProvenanceOutcome = {
  valid: boolean;
  reason: string;
  predicateType?: string;
  builderId?: string;
  sourceRepository?: string;
  sourceCommit?: string;
  signed: boolean;
  detail: ProvenanceVerification;
};

export type ReadEvidence = {
  detected: DetectedEvidenceDocument;
  tool?: EvidenceTool;
  /** What the SBOM or scan says it describes. */
  subject?: EvidenceSubject;
  components?: SbomComponent[];
  findings?: VulnerabilityFinding[];
  signature?: SignatureOutcome;
  provenance?: ProvenanceOutcome;
  /** What the parser did not read or read only partly; empty when nothing. */
  warnings: string[];
};

function parse(content: Buffer): {
  value: unknown;
  parsed: ParsedEvidenceDocument;
} {
  if (content.length === 0) {
    throw new InputError('The evidence document is empty');
  }
  // A UTF-8 byte order mark is not JSON; editors on Windows write one.
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const value = readEvidenceJson(text);
    return { value, parsed: parseEvidenceDocument(value) };
  } catch (error) {
    if (error instanceof EvidenceInputError) {
      throw new InputError(`Unreadable evidence: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Refuses a document that names the image it describes by a registry digest
 * other than the artifact's: another image's SBOM or scan must not vouch
 * for this one. Documents that name no registry digest (directory scans, an
 * image archive with only its config digest) are accepted.
 */
function assertDescribesArtifact(
  subject: EvidenceSubject | undefined,
  what: string,
  artifact: ImageArtifactRef,
): void {
  const images = subject?.images ?? [];
  if (images.length === 0 || images.some(i => i.digest === artifact.digest)) {
    return;
  }
  const named = [...new Set(images.map(i => `${i.repository}@${i.digest}`))];
  throw new InputError(
    `The ${what} describes ${named.join(', ')}, not ${artifact.repository}@${
      artifact.digest
    }`,
  );
}

function signatureOutcome(
  verification: SignatureVerification | undefined,
): SignatureOutcome {
  if (!verification) {
    return {
      verified: false,
      reason: NO_TRUST_ROOT,
      detail: { verified: false, reason: NO_TRUST_ROOT },
    };
  }
  return {
    verified: verification.verified,
    reason: verification.reason,
    ...(verification.signer?.subject && {
      signerSubject: verification.signer.subject,
    }),
    ...(verification.signer?.issuer && {
      signerIssuer: verification.signer.issuer,
    }),
    ...(verification.integratedTime && {
      integratedTime: verification.integratedTime,
    }),
    detail: verification,
  };
}

function provenanceOutcome(
  verification: ProvenanceVerification,
  signed: boolean,
): ProvenanceOutcome {
  return {
    valid: verification.valid,
    reason: verification.reason,
    ...(verification.predicateType && {
      predicateType: verification.predicateType,
    }),
    ...(verification.builderId && { builderId: verification.builderId }),
    ...(verification.sourceRepository && {
      sourceRepository: verification.sourceRepository,
    }),
    ...(verification.sourceCommit && {
      sourceCommit: verification.sourceCommit,
    }),
    signed,
    detail: verification,
  };
}

/** The in-toto statement a DSSE bundle carries, read without verifying it. */
function unverifiedDsseStatement(bundle: unknown): unknown {
  const envelope = (bundle as { dsseEnvelope?: unknown }).dsseEnvelope as
    | { payloadType?: unknown; payload?: unknown }
    | undefined;
  if (
    envelope?.payloadType !== IN_TOTO_PAYLOAD_TYPE ||
    typeof envelope.payload !== 'string'
  ) {
    return undefined;
  }
  try {
    return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isSlsaStatement(statement: unknown): boolean {
  const predicateType = (statement as { predicateType?: unknown } | undefined)
    ?.predicateType;
  return (
    typeof predicateType === 'string' &&
    predicateType.startsWith(SLSA_PREDICATE_PREFIX)
  );
}

function readBundle(
  bundle: unknown,
  artifactDigest: string,
  verifier: SignatureVerifier | undefined,
  allowedBuilders: string[] | undefined,
): Pick<ReadEvidence, 'signature' | 'provenance'> {
  const statement = unverifiedDsseStatement(bundle);
  if (!isSlsaStatement(statement)) {
    return {
      signature: signatureOutcome(
        verifier?.verifyImageSignature({ bundle, artifactDigest }),
      ),
    };
  }
  if (!verifier) {
    // Read the claims for display, but they count for nothing unsigned.
    const claims = verifySlsaProvenance({
      statement,
      artifactDigest,
      allowedBuilders,
    });
    const reason = `provenance signature not verified: ${NO_TRUST_ROOT}`;
    return {
      signature: signatureOutcome(undefined),
      provenance: provenanceOutcome({ ...claims, valid: false, reason }, false),
    };
  }
  const provenance = verifySlsaProvenance({
    dsseBundle: bundle,
    verifier,
    artifactDigest,
    allowedBuilders,
  });
  return {
    signature: signatureOutcome(provenance.signature),
    provenance: provenanceOutcome(
      provenance,
      provenance.signature?.verified === true,
    ),
  };
}

/**
 * Reads one evidence document for an artifact.
 *
 * @throws InputError when the document cannot be read or describes another image
 */
export function readEvidence(input: {
  content: Buffer;
  artifact: ImageArtifactRef;
  verifier?: SignatureVerifier;
  allowedBuilders?: string[];
}): ReadEvidence {
  const { value, parsed } = parse(input.content);
  const { detected, warnings } = parsed;
  const { artifact, verifier, allowedBuilders } = input;
  switch (parsed.kind) {
    case 'sbom':
      assertDescribesArtifact(parsed.sbom.subject, 'SBOM', artifact);
      return {
        detected,
        tool: parsed.sbom.tools[0],
        ...(parsed.sbom.subject && { subject: parsed.sbom.subject }),
        components: parsed.sbom.components,
        warnings,
      };
    case 'vulnerability-report':
      assertDescribesArtifact(
        parsed.report.subject,
        'vulnerability report',
        artifact,
      );
      return {
        detected,
        tool: parsed.report.scanner,
        ...(parsed.report.subject && { subject: parsed.report.subject }),
        findings: parsed.report.findings,
        warnings,
      };
    case 'sbom-and-vulnerability-report':
      // One BOM, one subject: the SBOM's is the scan's.
      assertDescribesArtifact(parsed.sbom.subject, 'SBOM', artifact);
      return {
        detected,
        tool: parsed.sbom.tools[0] ?? parsed.report.scanner,
        ...(parsed.sbom.subject && { subject: parsed.sbom.subject }),
        components: parsed.sbom.components,
        findings: parsed.report.findings,
        warnings,
      };
    default:
      break;
  }
  if (detected.format === 'sigstore-bundle') {
    return {
      detected,
      ...readBundle(value, artifact.digest, verifier, allowedBuilders),
      warnings,
    };
  }
  if (isSlsaStatement(value)) {
    const provenance = verifySlsaProvenance({
      statement: value,
      artifactDigest: artifact.digest,
      allowedBuilders,
    });
    return {
      detected,
      provenance: provenanceOutcome(provenance, false),
      warnings,
    };
  }
  // Other in-toto statements are kept as evidence, with nothing read from them.
  return { detected, warnings };
}
