/*
 * Verifies Sigstore bundles attached to an image digest.
 *
 * A bundle is evidence about an image only when all of these hold, checked in
 * this order so the reason names the first thing that failed:
 *   1. it parses as a Sigstore bundle with a Fulcio certificate;
 *   2. (message signatures) its message digest is the image digest, and the
 *      image bytes hash to it, since the signature is over those bytes;
 *   3. @sigstore/verify accepts it against the configured trusted root:
 *      certificate chain to a trusted CA, SCTs from trusted CT logs,
 *      transparency-log inclusion and body, timestamps, signature;
 *   4. the certificate identity (SAN + OIDC issuer) is one the policy trusts;
 *   5. (DSSE) the payload is an in-toto statement whose subject carries the
 *      image digest. cosign v3 signs images this way
 *      (predicate https://sigstore.dev/cosign/sign/v1); attestations too.
 * Failures come back as `verified: false` with that reason; nothing about a
 * bundle throws. Only a malformed artifact digest (the caller's bug) does.
 */
import { createHash } from 'node:crypto';
import { bundleFromJSON, ValidationError } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { parseTrustedRoot } from './trustedRoot';
import {
  compileIdentityPolicy,
  identityMismatch,
  signerIdentityOf,
  type SignerIdentity,
  type TrustedIdentity,
} from './signerIdentity';
import {
  assertArtifactDigest,
  IN_TOTO_PAYLOAD_TYPE,
  parseInTotoStatement,
  subjectMismatch,
  type InTotoStatement,
} from './inTotoStatement';

type Bundle = ReturnType<typeof bundleFromJSON>;

/** @public */
export interface SignatureVerifierOptions {
  /**
   * A Sigstore trusted root document (`trusted_root.json`, parsed JSON): the
   * public-good root from Sigstore's TUF repository or a private instance's.
   */
  trustedRoot: unknown;
  /** Signers to trust; a signature from anyone else is not verified. */
  identities: TrustedIdentity[];
  /** Transparency-log entries required per bundle (default 1). */
  tlogThreshold?: number;
  /** Certificate-transparency SCTs required per certificate (default 1). */
  ctlogThreshold?: number;
}

/**
 * The stored outcome of checking one bundle against one image digest.
 *
 * @public
 */
export interface SignatureVerification {
  verified: boolean;
  /** Why it verified or, when not, the first check that failed. */
  reason: string;
  /** The bundle's `mediaType`, or `unknown` when it has none. */
  bundleMediaType: string;
  /** What was signed: a message digest or a DSSE envelope. */
  content?: 'messageSignature' | 'dsseEnvelope';
  /** The in-toto predicate type of a DSSE statement. */
  predicateType?: string;
  /** Certificate identity, once the bundle verified against the trust root. */
  signer?: SignerIdentity;
  /** Rekor log index of the first transparency-log entry, once verified. */
  tlogIndex?: number;
  /** When the log integrated the entry (ISO 8601), once verified. */
  integratedTime?: string;
}

/** @public */
export interface AttestationVerification extends SignatureVerification {
  /** The signed statement, present only when `verified`. */
  statement?: InTotoStatement;
}

/** @public */
export interface SignatureVerifier {
  /**
   * Checks a cosign image signature bundle for `artifactDigest`. Message
   * signatures are over the image manifest bytes, so pass them as `artifact`
   * to verify one; DSSE signatures need only the digest.
   */
  verifyImageSignature(input: {
    bundle: unknown;
    artifactDigest: string;
    artifact?: Uint8Array;
  }): SignatureVerification;
  /** Checks a DSSE attestation bundle and returns its statement when verified. */
  verifyAttestation(input: {
    bundle: unknown;
    artifactDigest: string;
  }): AttestationVerification;
}

const sha256 = (bytes: Uint8Array) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** HASH_ALGORITHM_UNSPECIFIED (0, read as SHA-256 by @sigstore/verify) and SHA2_256 (1). */
const SHA2_256_ALGORITHMS = new Set([0, 1]);

function mediaTypeOf(value: unknown): string {
  const mediaType = (value as { mediaType?: unknown } | null)?.mediaType;
  return typeof mediaType === 'string' ? mediaType : 'unknown';
}

/** Accepts the bundle as parsed JSON or as JSON text. */
function readJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function decodeBundle(json: unknown): { bundle: Bundle } | { error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { error: 'malformed sigstore bundle: not a JSON object' };
  }
  try {
    return { bundle: bundleFromJSON(json) };
  } catch (error) {
    const fields =
      error instanceof ValidationError && error.fields?.length
        ? ` (${error.fields.join(', ')})`
        : '';
    return {
      error: `malformed sigstore bundle: ${(error as Error).message}${fields}`,
    };
  }
}

function logEntryFacts(bundle: Bundle) {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (!entry) return {};
  const seconds = Number(entry.integratedTime);
  return {
    tlogIndex: Number(entry.logIndex),
    ...(seconds > 0 && {
      integratedTime: new Date(seconds * 1000).toISOString(),
    }),
  };
}

function errorDetail(error: unknown): string {
  const { message, code } = error as { message?: string; code?: unknown };
  return typeof code === 'string' ? `${message} (${code})` : String(message);
}

type MessageSignature = Extract<
  Bundle['content'],
  { $case: 'messageSignature' }
>['messageSignature'];
type Envelope = Extract<
  Bundle['content'],
  { $case: 'dsseEnvelope' }
>['dsseEnvelope'];

/**
 * A message signature is over the artifact's bytes: its digest must be the
 * artifact digest, and verifying the signature needs those bytes.
 */
function signedBytes(
  signature: MessageSignature,
  input: { artifactDigest: string; artifact?: Uint8Array },
): { artifact: Buffer } | { error: string } {
  const { artifactDigest } = input;
  const { messageDigest } = signature;
  if (!SHA2_256_ALGORITHMS.has(messageDigest.algorithm)) {
    return { error: 'message signature digest is not SHA-256' };
  }
  const signedDigest = `sha256:${Buffer.from(messageDigest.digest).toString(
    'hex',
  )}`;
  if (signedDigest !== artifactDigest) {
    return {
      error: `signed digest ${signedDigest} does not match artifact ${artifactDigest}`,
    };
  }
  if (!input.artifact) {
    return {
      error: `message signature over ${artifactDigest} cannot be checked without the artifact bytes`,
    };
  }
  const actual = sha256(input.artifact);
  if (actual !== artifactDigest) {
    return { error: `artifact bytes hash to ${actual}, not ${artifactDigest}` };
  }
  return { artifact: Buffer.from(input.artifact) };
}

/** The in-toto statement a verified DSSE envelope carries. */
function signedStatement(
  envelope: Envelope,
): { statement: InTotoStatement } | { error: string } {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      error: `DSSE payload type ${envelope.payloadType} is not an in-toto statement`,
    };
  }
  const parsed = parseInTotoStatement(Buffer.from(envelope.payload));
  return 'error' in parsed
    ? { error: `DSSE payload is ${parsed.error}` }
    : parsed;
}

/**
 * Creates a verifier bound to one trusted root and identity policy. Throws
 * when the trusted root or the policy is unusable (a configuration error).
 *
 * @public
 */
export function createSignatureVerifier(
  options: SignatureVerifierOptions,
): SignatureVerifier {
  const rules = compileIdentityPolicy(options.identities);
  const verifier = new Verifier(parseTrustedRoot(options.trustedRoot), {
    tlogThreshold: options.tlogThreshold,
    ctlogThreshold: options.ctlogThreshold,
  });

  function verify(
    input: { bundle: unknown; artifactDigest: string; artifact?: Uint8Array },
    kind: 'image signature' | 'attestation',
  ): AttestationVerification {
    const { artifactDigest } = input;
    assertArtifactDigest(artifactDigest);
    const json = readJson(input.bundle);
    const bundleMediaType = mediaTypeOf(json);
    const fail = (
      reason: string,
      facts: Partial<AttestationVerification> = {},
    ): AttestationVerification => ({
      verified: false,
      reason,
      bundleMediaType,
      ...facts,
    });

    const decoded = decodeBundle(json);
    if ('error' in decoded) return fail(decoded.error);
    const { bundle } = decoded;
    const material = bundle.verificationMaterial.content;
    if (material.$case === 'publicKey') {
      return fail(
        `bundle is signed with a public key (hint ${material.publicKey.hint}), not a Fulcio certificate; only certificate identities can be trusted`,
      );
    }

    const content = bundle.content.$case;
    let artifact: Buffer | undefined;
    if (bundle.content.$case === 'messageSignature') {
      if (kind === 'attestation') {
        return fail(
          'attestation bundle holds a message signature, not a DSSE envelope',
          { content },
        );
      }
      const signed = signedBytes(bundle.content.messageSignature, input);
      if ('error' in signed) return fail(signed.error, { content });
      artifact = signed.artifact;
    }

    let entity: ReturnType<typeof toSignedEntity>;
    try {
      entity = toSignedEntity(bundle, artifact);
    } catch (error) {
      return fail(`malformed sigstore bundle: ${errorDetail(error)}`, {
        content,
      });
    }
    let signer: SignerIdentity;
    try {
      signer = signerIdentityOf(verifier.verify(entity));
    } catch (error) {
      return fail(
        `bundle did not verify against the trusted root: ${errorDetail(error)}`,
        { content },
      );
    }
    const facts: Partial<SignatureVerification> = {
      content,
      signer,
      ...logEntryFacts(bundle),
    };

    const untrusted = identityMismatch(rules, signer);
    if (untrusted) return fail(untrusted, facts);

    let statement: InTotoStatement | undefined;
    if (bundle.content.$case === 'dsseEnvelope') {
      const signed = signedStatement(bundle.content.dsseEnvelope);
      if ('error' in signed) return fail(signed.error, facts);
      statement = signed.statement;
      Object.assign(facts, { predicateType: statement.predicateType });
      const mismatch = subjectMismatch(statement, artifactDigest);
      if (mismatch) return fail(mismatch, facts);
    }

    return {
      verified: true,
      reason: `signed by ${signer.subject} (issuer ${signer.issuer}) for ${artifactDigest}`,
      bundleMediaType,
      ...facts,
      ...(statement && kind === 'attestation' && { statement }),
    };
  }

  return {
    verifyImageSignature(input) {
      return verify(input, 'image signature');
    },
    verifyAttestation(input) {
      return verify(
        { bundle: input.bundle, artifactDigest: input.artifactDigest },
        'attestation',
      );
    },
  };
}
