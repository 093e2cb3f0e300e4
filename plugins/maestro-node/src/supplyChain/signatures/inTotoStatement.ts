/*
 * in-toto statements (https://github.com/in-toto/attestation, spec v0.1 and
 * v1): the payload of every DSSE attestation Maestro reads, cosign v3 image
 * signatures (predicate https://sigstore.dev/cosign/sign/v1) included. A
 * statement binds a predicate to artifacts through `subject[].digest`; the
 * image digest is the only link between the evidence and the image, so it is
 * compared here, in one place.
 */
import { z } from 'zod';

/** DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const STATEMENT_TYPES = new Set([
  'https://in-toto.io/Statement/v0.1',
  'https://in-toto.io/Statement/v1',
]);

/**
 * An in-toto statement, its predicate left for the reader of that predicate
 * type.
 *
 * @public
 */
export interface InTotoStatement {
  type: string;
  subject: Array<{ name?: string; digest: Record<string, string> }>;
  predicateType: string;
  predicate: unknown;
}

const statementSchema = z.object({
  _type: z.string(),
  subject: z
    .array(
      z.object({
        name: z.string().optional(),
        digest: z.record(z.string(), z.string()),
      }),
    )
    .min(1),
  predicateType: z.string(),
  predicate: z.unknown().optional(),
});

/** An image digest: `sha256:` and 64 lowercase hex digits. */
const ARTIFACT_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Checks the `sha256:<hex>` form of an artifact digest. A malformed digest is
 * the caller's mistake, not a property of the evidence, so it throws.
 */
export function assertArtifactDigest(artifactDigest: string): void {
  if (!ARTIFACT_DIGEST.test(artifactDigest)) {
    throw new TypeError(
      `artifactDigest must be sha256:<64 lowercase hex digits>, got ${JSON.stringify(
        artifactDigest,
      )}`,
    );
  }
}

/** Reads a statement from JSON text or a parsed value; a string says why not. */
export function parseInTotoStatement(
  value: unknown,
): { statement: InTotoStatement } | { error: string } {
  let json = value;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      json = JSON.parse(value.toString());
    } catch {
      return { error: 'payload is not JSON' };
    }
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `not an in-toto statement (${
        issue.path.join('.') || 'statement'
      }: ${issue.message})`,
    };
  }
  if (!STATEMENT_TYPES.has(parsed.data._type)) {
    return {
      error: `not an in-toto statement (_type ${parsed.data._type})`,
    };
  }
  return {
    statement: {
      type: parsed.data._type,
      subject: parsed.data.subject,
      predicateType: parsed.data.predicateType,
      predicate: parsed.data.predicate,
    },
  };
}

/** The statement's subject digests in `sha256:<hex>` form. */
export function subjectDigests(statement: InTotoStatement): string[] {
  return statement.subject.flatMap(subject =>
    subject.digest.sha256
      ? [`sha256:${subject.digest.sha256.toLowerCase()}`]
      : [],
  );
}

/**
 * Why the statement is not about the artifact, or undefined when one of its
 * subjects carries the artifact's digest. `label` names the digest in the
 * reason: "signed digest" for a verified envelope, "subject digest" for a
 * bare statement.
 */
export function subjectMismatch(
  statement: InTotoStatement,
  artifactDigest: string,
  label: 'signed digest' | 'subject digest' = 'signed digest',
): string | undefined {
  const digests = subjectDigests(statement);
  if (digests.includes(artifactDigest)) {
    return undefined;
  }
  if (digests.length === 0) {
    return `statement has no sha256 subject digest to match artifact ${artifactDigest}`;
  }
  return `${label} ${digests.join(
    ', ',
  )} does not match artifact ${artifactDigest}`;
}
