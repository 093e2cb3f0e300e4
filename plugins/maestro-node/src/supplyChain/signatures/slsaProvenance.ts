/*
 * SLSA build provenance (https://slsa.dev/spec/v0.2/provenance and
 * https://slsa.dev/spec/v1.0/provenance) checked against an image digest.
 *
 * What Maestro records is who built the image (builder id) from what source
 * (repository, ref, commit). The two predicate versions put these in
 * different places:
 *   v0.2  predicate.builder.id; source in materials[] (git+ URI with a sha1
 *         or gitCommit digest), else invocation.configSource;
 *         invocation id in metadata.buildInvocationId (slsa-github-generator
 *         writes buildInvocationID).
 *   v1    predicate.runDetails.builder.id; source in
 *         buildDefinition.externalParameters.workflow.repository/ref (GitHub
 *         Actions build types) or externalParameters.source, with the commit
 *         from the matching resolvedDependencies[] entry; invocation id in
 *         runDetails.metadata.invocationId.
 * Provenance that arrives in a DSSE bundle is believed only after the bundle
 * verifies (trusted root, identity policy, subject digest).
 */
import {
  assertArtifactDigest,
  parseInTotoStatement,
  subjectMismatch,
  type InTotoStatement,
} from './inTotoStatement';
import type {
  SignatureVerification,
  SignatureVerifier,
} from './signatureVerifier';

/** @public */
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
/** @public */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** @public */
export type SlsaProvenanceInput = {
  artifactDigest: string;
  /**
   * Builder ids to accept. An entry with `@` must equal the builder id; one
   * without matches any ref of that builder (`…/builder.yml` admits
   * `…/builder.yml@refs/tags/v2.0.0`), as slsa-verifier's --builder-id does.
   */
  allowedBuilders?: string[];
} & (
  | { statement: unknown }
  | { dsseBundle: unknown; verifier: SignatureVerifier }
);

/** @public */
export interface ProvenanceVerification {
  valid: boolean;
  reason: string;
  /** `https://slsa.dev/provenance/v0.2` or `/v1`; another value when rejected as unknown. */
  predicateType?: string;
  builderId?: string;
  buildType?: string;
  /** Repository URI without the `git+` prefix or `@ref` suffix. */
  sourceRepository?: string;
  sourceRef?: string;
  sourceCommit?: string;
  invocationId?: string;
  /** The bundle's own verification, when the provenance came signed. */
  signature?: SignatureVerification;
}

type Facts = Omit<ProvenanceVerification, 'valid' | 'reason' | 'signature'>;
type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : [];

/**
 * Splits `git+https://github.com/o/r@refs/heads/main` into repository and
 * ref. The `@` searched for is the one after the host, so `git+ssh://git@…`
 * keeps its user.
 */
export function parseGitUri(
  uri: string,
): { repository: string; ref?: string } | undefined {
  if (!uri.startsWith('git+')) return undefined;
  const url = uri.slice('git+'.length);
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  const at = pathStart < 0 ? -1 : url.indexOf('@', pathStart);
  return at < 0
    ? { repository: url }
    : { repository: url.slice(0, at), ref: url.slice(at + 1) };
}

/** A resource descriptor (v1) or material (v0.2) naming a git commit. */
function gitSource(descriptor: unknown) {
  const { uri, digest } = asObject(descriptor);
  const git = asString(uri) && parseGitUri(uri as string);
  if (!git) return undefined;
  const digests = asObject(digest);
  const commit = asString(digests.gitCommit) ?? asString(digests.sha1);
  return { ...git, commit };
}

function sourceFacts(source: ReturnType<typeof gitSource>): Facts {
  if (!source) return {};
  return {
    sourceRepository: source.repository,
    ...(source.ref && { sourceRef: source.ref }),
    ...(source.commit && { sourceCommit: source.commit }),
  };
}

function readV02(predicate: Json): Facts {
  const metadata = asObject(predicate.metadata);
  const invocation = asObject(predicate.invocation);
  const fromMaterials = asArray(predicate.materials)
    .map(gitSource)
    .find(source => source?.commit);
  return {
    builderId: asString(asObject(predicate.builder).id),
    buildType: asString(predicate.buildType),
    invocationId:
      asString(metadata.buildInvocationId) ??
      asString(metadata.buildInvocationID),
    ...sourceFacts(fromMaterials ?? gitSource(invocation.configSource)),
  };
}

function readV1(predicate: Json): Facts {
  const definition = asObject(predicate.buildDefinition);
  const runDetails = asObject(predicate.runDetails);
  const external = asObject(definition.externalParameters);
  const dependencies = asArray(definition.resolvedDependencies).map(gitSource);
  const workflow = asObject(external.workflow);
  const workflowRepository = asString(workflow.repository);

  let source = gitSource(external.source);
  if (workflowRepository) {
    const dependency = dependencies.find(
      candidate => candidate?.repository === workflowRepository,
    );
    source = {
      repository: workflowRepository,
      ref: asString(workflow.ref) ?? dependency?.ref,
      commit: dependency?.commit,
    };
  }
  source ??= dependencies.find(candidate => candidate?.commit);
  return {
    builderId: asString(asObject(runDetails.builder).id),
    buildType: asString(definition.buildType),
    invocationId: asString(asObject(runDetails.metadata).invocationId),
    ...sourceFacts(source),
  };
}

/**
 * The builder rule of slsa-verifier's `--builder-id`: an allowed entry with
 * `@` must equal the builder id; one without matches any ref of that builder.
 *
 * @public
 */
export function isBuilderAllowed(
  builderId: string,
  allowed: string[],
): boolean {
  const unversioned = builderId.includes('@')
    ? builderId.slice(0, builderId.lastIndexOf('@'))
    : builderId;
  return allowed.some(entry =>
    entry.includes('@') ? entry === builderId : entry === unversioned,
  );
}

const withoutEmpty = (facts: Facts): Facts =>
  Object.fromEntries(
    Object.entries(facts).filter(([, value]) => value !== undefined),
  );

function checkStatement(
  statement: InTotoStatement,
  artifactDigest: string,
  allowedBuilders: string[] | undefined,
): ProvenanceVerification {
  const { predicateType } = statement;
  if (
    predicateType !== SLSA_PROVENANCE_V02 &&
    predicateType !== SLSA_PROVENANCE_V1
  ) {
    return {
      valid: false,
      reason: `predicate type ${predicateType} is not SLSA provenance v0.2 or v1`,
      predicateType,
    };
  }
  const mismatch = subjectMismatch(statement, artifactDigest, 'subject digest');
  if (mismatch) {
    return { valid: false, reason: mismatch, predicateType };
  }
  const predicate = asObject(statement.predicate);
  const facts = withoutEmpty({
    predicateType,
    ...(predicateType === SLSA_PROVENANCE_V1
      ? readV1(predicate)
      : readV02(predicate)),
  });
  const version = predicateType === SLSA_PROVENANCE_V1 ? 'v1' : 'v0.2';
  if (!facts.builderId) {
    return {
      valid: false,
      reason: `SLSA ${version} provenance names no builder`,
      ...facts,
    };
  }
  if (allowedBuilders && !isBuilderAllowed(facts.builderId, allowedBuilders)) {
    return {
      valid: false,
      reason: `builder ${facts.builderId} is not an allowed builder`,
      ...facts,
    };
  }
  return {
    valid: true,
    reason: `SLSA ${version} provenance for ${artifactDigest} built by ${facts.builderId}`,
    ...facts,
  };
}

/**
 * Checks SLSA provenance for an artifact: the statement's subject must carry
 * the artifact digest, the predicate must be SLSA v0.2 or v1, and the builder
 * must be allowed when `allowedBuilders` is given. Given a DSSE bundle, the
 * bundle is verified first with `verifier` and both outcomes are returned.
 * Never throws for bad evidence; a malformed `artifactDigest` throws.
 *
 * @public
 */
export function verifySlsaProvenance(
  input: SlsaProvenanceInput,
): ProvenanceVerification {
  assertArtifactDigest(input.artifactDigest);
  if ('dsseBundle' in input) {
    const signature = input.verifier.verifyAttestation({
      bundle: input.dsseBundle,
      artifactDigest: input.artifactDigest,
    });
    const { statement, ...stored } = signature;
    if (!signature.verified || !statement) {
      return {
        valid: false,
        reason: `provenance signature not verified: ${signature.reason}`,
        ...(signature.predicateType && {
          predicateType: signature.predicateType,
        }),
        signature: stored,
      };
    }
    return {
      ...checkStatement(statement, input.artifactDigest, input.allowedBuilders),
      signature: stored,
    };
  }
  const parsed = parseInTotoStatement(input.statement);
  if ('error' in parsed) {
    return { valid: false, reason: `provenance is ${parsed.error}` };
  }
  return checkStatement(
    parsed.statement,
    input.artifactDigest,
    input.allowedBuilders,
  );
}
