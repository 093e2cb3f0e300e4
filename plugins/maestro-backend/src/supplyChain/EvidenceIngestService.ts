/*
 * Ingestion of supply-chain evidence: artifact registration and evidence
 * documents. Each call is one transaction holding the artifact row, the
 * document with everything read from it, and its ledger entry; a signal
 * follows the commit.
 *
 * Idempotency: an artifact is its digest, and a document is stored once per
 * artifact and sha256 of its raw bytes. Repeating a call (a CI retry, five
 * parallel uploads of the same file) returns what is stored with
 * `created: false` and writes nothing, ledger included.
 */
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  MAESTRO_SIGNAL_TOPICS,
  Artifact,
  ArtifactRegistration,
  EvidenceIngestResult,
  ImageArtifactRef,
  normalizeImageRepository,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { SignatureVerifier } from '@maestro-conductor/backstage-plugin-maestro-node';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { RecordedMutations } from '../ledger/recordedMutation';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { readEvidence, ReadEvidence } from './evidenceReading';
import { ImageOwnership } from './ImageOwnership';
import { ArtifactRecord, EvidenceDocumentRecord } from './types';

/** The signal topic of supply-chain changes on an entity's channel. */
export const SUPPLY_CHAIN_SIGNAL_TOPIC = MAESTRO_SIGNAL_TOPICS.supplyChain;

export function toArtifact(record: ArtifactRecord): Artifact {
  const { createdBy, updatedAt, ...artifact } = record;
  return artifact;
}

function documentSummary({
  toolName,
  toolVersion,
  ...summary
}: EvidenceDocumentRecord) {
  return summary;
}

/** The registration's metadata merged over the stored artifact: given fields win, tags add up. */
function mergeRegistration(
  stored: ArtifactRecord,
  registration: ArtifactRegistration,
): ArtifactRecord {
  const tags = [...new Set([...stored.tags, ...(registration.tags ?? [])])];
  return {
    ...stored,
    tags,
    ...(registration.commit !== undefined && { commit: registration.commit }),
    ...(registration.branch !== undefined && { branch: registration.branch }),
    ...(registration.pullRequest !== undefined && {
      pullRequest: registration.pullRequest,
    }),
    ...(registration.buildRunUrl !== undefined && {
      buildRunUrl: registration.buildRunUrl,
    }),
  };
}

const METADATA_FIELDS = [
  'tags',
  'commit',
  'branch',
  'pullRequest',
  'buildRunUrl',
] as const;

function changedFields(before: ArtifactRecord, after: ArtifactRecord) {
  return METADATA_FIELDS.filter(
    field => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}

export class EvidenceIngestService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseSupplyChainStore;
      content: DatabaseEvidenceContentStore;
      mutations: RecordedMutations;
      /** Who may own which image repository (the catalog's maestro.io/image). */
      ownership: ImageOwnership;
      /** Absent when no trusted root is configured: bundles stay unverified. */
      verifier?: SignatureVerifier;
      /** SLSA builder ids accepted anywhere (`maestro.supplyChain.signatures.allowedBuilders`). */
      allowedBuilders?: string[];
      maxDocumentBytes: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Refuses, before anything is written, an entity's claim on an image
   * repository it does not own (ImageOwnership). The catalog is asked only
   * when the digest is not yet this entity's artifact of this repository, so
   * evidence for a known artifact (most uploads) costs no catalog read.
   */
  private async authorizeClaim(
    entityRef: string,
    image: ImageArtifactRef,
  ): Promise<void> {
    const repository = normalizeImageRepository(image.repository);
    const stored = await this.options.store.getArtifactByDigest(image.digest);
    if (stored?.entityRef === entityRef && stored.repository === repository) {
      return;
    }
    await this.options.ownership.assertOwns(entityRef, repository);
  }

  /**
   * The artifact row for a digest, created when absent; refuses a digest of
   * another entity or repository. Repositories are stored and compared
   * normalized: `keycloak/keycloak` is `docker.io/keycloak/keycloak`.
   */
  private async claimArtifact(
    tx: Knex.Transaction,
    entityRef: string,
    stated: ImageArtifactRef,
    actor: string,
  ): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    const image = {
      repository: normalizeImageRepository(stated.repository),
      digest: stated.digest,
    };
    const now = this.now().toISOString();
    const claimed = await this.options.store.insertArtifactIfAbsent(tx, {
      id: randomUUID(),
      entityRef,
      repository: image.repository,
      digest: image.digest,
      tags: [],
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
    });
    const { artifact } = claimed;
    if (artifact.entityRef !== entityRef) {
      throw new ConflictError(
        `Image ${image.digest} belongs to ${artifact.entityRef}, not ${entityRef}; an artifact never changes owner`,
      );
    }
    if (artifact.repository !== image.repository) {
      throw new ConflictError(
        `Image ${image.digest} is registered as ${artifact.repository}, not ${image.repository}`,
      );
    }
    return claimed;
  }

  async registerArtifact(
    registration: ArtifactRegistration,
    actor: string,
  ): Promise<{ artifact: Artifact; created: boolean }> {
    const { entityRef } = registration;
    const image = {
      repository: registration.repository,
      digest: registration.digest,
    };
    await this.authorizeClaim(entityRef, image);
    const { result } = await this.options.mutations.run(
      {},
      async ({ tx, record, signal }) => {
      const claimed = await this.claimArtifact(tx, entityRef, image, actor);
      const merged = mergeRegistration(claimed.artifact, registration);
      const changed = changedFields(claimed.artifact, merged);
      if (!claimed.created && changed.length === 0) {
        return { artifact: claimed.artifact, created: false };
      }
      const stored = { ...merged, updatedAt: this.now().toISOString() };
      await this.options.store.updateArtifact(tx, stored);
      await record({
        actor,
        action: claimed.created
          ? 'supply-chain.artifact.register'
          : 'supply-chain.artifact.update',
        target: entityRef,
        payload: {
          artifactId: stored.id,
          repository: stored.repository,
          digest: stored.digest,
          changed: claimed.created ? [] : changed,
          tags: stored.tags,
          commit: stored.commit ?? null,
          branch: stored.branch ?? null,
          pullRequest: stored.pullRequest ?? null,
          buildRunUrl: stored.buildRunUrl ?? null,
        },
      });
      signal(entityRef, SUPPLY_CHAIN_SIGNAL_TOPIC);
      return { artifact: stored, created: claimed.created };
      },
    );
    return { artifact: toArtifact(result.artifact), created: result.created };
  }

  /**
   * Moves an artifact, and so its evidence, to another entity: the way out
   * when a digest was claimed by the wrong one. The new entity must own the
   * repository like any claimant. One transaction with a
   * `supply-chain.artifact.reassign` ledger entry naming from, to and the
   * reason; both entities are signalled after the commit. Moving an artifact
   * to the entity that has it changes and records nothing.
   */
  async reassignArtifact(
    request: { artifactId: string; entityRef: string; reason: string },
    actor: string,
  ): Promise<{ artifact: Artifact; from: string; reassigned: boolean }> {
    const { artifactId, entityRef, reason } = request;
    const { store, mutations, ownership } = this.options;
    const current = await store.getArtifact(artifactId);
    if (!current) {
      throw new NotFoundError(`No artifact ${artifactId}`);
    }
    await ownership.assertOwns(entityRef, current.repository);
    const { result } = await mutations.run({}, async ({ tx, record, signal }) => {
      const artifact = await store.getArtifactForUpdate(tx, artifactId);
      if (!artifact) {
        throw new NotFoundError(`No artifact ${artifactId}`);
      }
      const from = artifact.entityRef;
      if (from === entityRef) {
        return { artifact, from, reassigned: false };
      }
      const moved = {
        ...artifact,
        entityRef,
        updatedAt: this.now().toISOString(),
      };
      await store.updateArtifact(tx, moved);
      await record({
        actor,
        action: 'supply-chain.artifact.reassign',
        target: entityRef,
        payload: {
          artifactId: moved.id,
          repository: moved.repository,
          digest: moved.digest,
          from,
          to: entityRef,
          reason,
        },
      });
      signal(from, SUPPLY_CHAIN_SIGNAL_TOPIC);
      signal(entityRef, SUPPLY_CHAIN_SIGNAL_TOPIC);
      return { artifact: moved, from, reassigned: true };
    });
    return {
      artifact: toArtifact(result.artifact),
      from: result.from,
      reassigned: result.reassigned,
    };
  }

  async ingestEvidence(request: {
    entityRef: string;
    image: ImageArtifactRef;
    content: Buffer;
    actor: string;
  }): Promise<EvidenceIngestResult> {
    const { entityRef, image, content, actor } = request;
    if (content.length > this.options.maxDocumentBytes) {
      throw new InputError(
        `The evidence document has ${content.length} bytes; the limit is ${this.options.maxDocumentBytes} (maestro.supplyChain.maxDocumentBytes)`,
      );
    }
    await this.authorizeClaim(entityRef, image);
    // Parsing and signature checks are CPU work: done before the transaction.
    const read = readEvidence({
      content,
      artifact: image,
      verifier: this.options.verifier,
      allowedBuilders: this.options.allowedBuilders,
    });
    const sha256 = `sha256:${createHash('sha256')
      .update(content)
      .digest('hex')}`;
    const { result } = await this.options.mutations.run(
      {},
      async ({ tx, record, signal }) => {
      const claimed = await this.claimArtifact(tx, entityRef, image, actor);
      const ingestedAt = this.now().toISOString();
      const candidate: EvidenceDocumentRecord = {
        id: randomUUID(),
        artifactId: claimed.artifact.id,
        kind: read.detected.kind,
        format: read.detected.format,
        ...(read.detected.version && { version: read.detected.version }),
        sha256,
        sizeBytes: content.length,
        ...(read.tool && {
          tool: [read.tool.name, read.tool.version].filter(Boolean).join(' '),
          toolName: read.tool.name,
          ...(read.tool.version && { toolVersion: read.tool.version }),
        }),
        ...(read.subject && { subject: read.subject }),
        ...(read.warnings.length > 0 && { warnings: read.warnings }),
        ingestedAt,
        ingestedBy: actor,
      };
      const stored = await this.options.store.insertDocumentIfAbsent(
        tx,
        candidate,
        content,
      );
      if (stored.created) {
        await this.storeReadEvidence(tx, stored.document, read);
        await record({
          actor,
          action: 'supply-chain.evidence.ingest',
          target: entityRef,
          payload: ingestPayload(claimed, stored.document, read),
        });
        signal(entityRef, SUPPLY_CHAIN_SIGNAL_TOPIC);
      }
      return { artifact: claimed.artifact, ...stored };
      },
    );
    return {
      artifact: toArtifact(result.artifact),
      document: documentSummary(result.document),
      created: result.created,
      // A repeated upload answers with what was stored for the first.
      warnings: result.document.warnings ?? [],
    };
  }

  private async storeReadEvidence(
    tx: Knex.Transaction,
    document: EvidenceDocumentRecord,
    read: ReadEvidence,
  ): Promise<void> {
    const { store, content } = this.options;
    const ids = { documentId: document.id, artifactId: document.artifactId };
    const verifiedAt = document.ingestedAt;
    if (read.components) {
      await content.insertComponents(tx, document.id, read.components);
    }
    if (read.findings) {
      await content.insertFindings(tx, document.id, read.findings);
    }
    if (read.signature) {
      await store.insertSignature(tx, {
        ...read.signature,
        ...ids,
        verifiedAt,
      });
    }
    if (read.provenance) {
      await store.insertProvenance(tx, {
        ...read.provenance,
        ...ids,
        verifiedAt,
      });
    }
  }
}

function ingestPayload(
  claimed: { artifact: ArtifactRecord; created: boolean },
  document: EvidenceDocumentRecord,
  read: ReadEvidence,
) {
  return {
    artifactId: claimed.artifact.id,
    repository: claimed.artifact.repository,
    digest: claimed.artifact.digest,
    artifactCreated: claimed.created,
    documentId: document.id,
    kind: document.kind,
    format: document.format,
    version: document.version ?? null,
    sha256: document.sha256,
    sizeBytes: document.sizeBytes,
    tool: document.tool ?? null,
    components: read.components?.length ?? null,
    findings: read.findings?.length ?? null,
    warnings: read.warnings,
    signatureVerified: read.signature?.verified ?? null,
    provenanceValid: read.provenance?.valid ?? null,
    reason: read.provenance?.reason ?? read.signature?.reason ?? null,
  };
}
