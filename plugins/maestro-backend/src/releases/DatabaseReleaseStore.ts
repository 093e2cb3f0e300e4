import {
  GateChecklist,
  ReleaseApproval,
  ReleaseRevision,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';

const REVISIONS = 'maestro_release_revisions';
const APPROVALS = 'maestro_release_approvals';
const HEADS = 'maestro_release_heads';

type RevisionRow = {
  id: string;
  entity_ref: string;
  channel: string;
  revision: number | string;
  kind: ReleaseRevision['kind'];
  rollback_of: number | string | null;
  artifact_id: string;
  repository: string;
  digest: string;
  commit_sha: string;
  promotion_id: string;
  actor: string;
  created_at: string;
  gates: string;
  bypass: string | null;
};

type ApprovalRow = {
  id: string;
  entity_ref: string;
  channel: string;
  digest: string;
  approver: string;
  created_at: string;
};

function toRevision(row: RevisionRow): ReleaseRevision {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    channel: row.channel,
    revision: Number(row.revision),
    kind: row.kind,
    ...(row.rollback_of !== null && { rollbackOf: Number(row.rollback_of) }),
    artifactId: row.artifact_id,
    repository: row.repository,
    digest: row.digest,
    commit: row.commit_sha,
    promotionId: row.promotion_id,
    actor: row.actor,
    createdAt: row.created_at,
    gates: JSON.parse(row.gates) as GateChecklist,
    ...(row.bypass && { bypass: JSON.parse(row.bypass) }),
  };
}

function toApproval(row: ApprovalRow): ReleaseApproval {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    channel: row.channel,
    digest: row.digest,
    approver: row.approver,
    createdAt: row.created_at,
  };
}

/** Revisions and approvals of release channels. */
export class DatabaseReleaseStore {
  static fromClient(db: Knex) {
    return new DatabaseReleaseStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** The next revision number of a channel, read in the writer's transaction. */
  async nextRevision(
    tx: Knex.Transaction,
    entityRef: string,
    channel: string,
  ): Promise<number> {
    const row = await tx(REVISIONS)
      .where({ entity_ref: entityRef, channel })
      .max({ revision: 'revision' })
      .first();
    return Number(row?.revision ?? 0) + 1;
  }

  async insertRevision(
    tx: Knex.Transaction,
    revision: ReleaseRevision,
  ): Promise<void> {
    await tx<RevisionRow>(REVISIONS).insert({
      id: revision.id,
      entity_ref: revision.entityRef,
      channel: revision.channel,
      revision: revision.revision,
      kind: revision.kind,
      rollback_of: revision.rollbackOf ?? null,
      artifact_id: revision.artifactId,
      repository: revision.repository,
      digest: revision.digest,
      commit_sha: revision.commit,
      promotion_id: revision.promotionId,
      actor: revision.actor,
      created_at: revision.createdAt,
      gates: JSON.stringify(revision.gates),
      bypass: revision.bypass ? JSON.stringify(revision.bypass) : null,
    });
    await tx(HEADS)
      .insert({
        entity_ref: revision.entityRef,
        channel: revision.channel,
        revision: revision.revision,
      })
      .onConflict(['entity_ref', 'channel'])
      .merge(['revision']);
  }

  /** Newest first. */
  async listRevisions(query: {
    entityRef: string;
    channel: string;
    limit: number;
  }): Promise<ReleaseRevision[]> {
    const rows = await this.db<RevisionRow>(REVISIONS)
      .where({ entity_ref: query.entityRef, channel: query.channel })
      .orderBy('revision', 'desc')
      .limit(query.limit);
    return rows.map(toRevision);
  }

  async getRevision(
    entityRef: string,
    channel: string,
    revision: number,
  ): Promise<ReleaseRevision | undefined> {
    const row = await this.db<RevisionRow>(REVISIONS)
      .where({ entity_ref: entityRef, channel, revision })
      .first();
    return row && toRevision(row);
  }

  /** The newest revision of each of the entity's channels. */
  async currentRevisions(
    entityRef: string,
  ): Promise<Map<string, ReleaseRevision>> {
    const rows = await this.db<RevisionRow>(`${HEADS} as h`)
      .join(`${REVISIONS} as r`, join =>
        join
          .on('r.entity_ref', '=', 'h.entity_ref')
          .andOn('r.channel', '=', 'h.channel')
          .andOn('r.revision', '=', 'h.revision'),
      )
      .where('h.entity_ref', entityRef)
      .select('r.*');
    return new Map(rows.map(row => [row.channel, toRevision(row)]));
  }

  /**
   * The newest revision of every channel of every entity that has one:
   * the heads joined to their revisions, ordered by entity.
   */
  async allCurrentRevisions(): Promise<
    Array<
      Pick<
        ReleaseRevision,
        | 'entityRef'
        | 'channel'
        | 'revision'
        | 'digest'
        | 'createdAt'
        | 'actor'
        | 'kind'
      >
    >
  > {
    const rows = await this.db<RevisionRow>(`${HEADS} as h`)
      .join(`${REVISIONS} as r`, join =>
        join
          .on('r.entity_ref', '=', 'h.entity_ref')
          .andOn('r.channel', '=', 'h.channel')
          .andOn('r.revision', '=', 'h.revision'),
      )
      .select(
        'r.entity_ref',
        'r.channel',
        'r.revision',
        'r.digest',
        'r.created_at',
        'r.actor',
        'r.kind',
      )
      .orderBy('r.entity_ref');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      channel: row.channel,
      revision: Number(row.revision),
      digest: row.digest,
      createdAt: row.created_at,
      actor: row.actor,
      kind: row.kind,
    }));
  }

  /** When the digest first became a revision of the channel, if ever. */
  async firstReached(
    entityRef: string,
    channel: string,
    digest: string,
  ): Promise<ReleaseRevision | undefined> {
    const row = await this.db<RevisionRow>(REVISIONS)
      .where({ entity_ref: entityRef, channel, digest })
      .orderBy('revision', 'asc')
      .first();
    return row && toRevision(row);
  }

  /** Promotion ids already recorded, among `ids`. */
  async knownPromotions(
    ids: string[],
    tx?: Knex.Transaction,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await (tx ?? this.db)<RevisionRow>(REVISIONS)
      .whereIn('promotion_id', ids)
      .select('promotion_id');
    return new Set(rows.map(r => r.promotion_id));
  }

  /** False when the approver had already approved the digest for the channel. */
  async insertApproval(
    tx: Knex.Transaction,
    approval: ReleaseApproval,
  ): Promise<boolean> {
    const inserted = await tx<ApprovalRow>(APPROVALS)
      .insert({
        id: approval.id,
        entity_ref: approval.entityRef,
        channel: approval.channel,
        digest: approval.digest,
        approver: approval.approver,
        created_at: approval.createdAt,
      })
      .onConflict(['entity_ref', 'channel', 'digest', 'approver'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async listApprovals(query: {
    entityRef: string;
    channel: string;
    digest: string;
  }): Promise<ReleaseApproval[]> {
    const rows = await this.db<ApprovalRow>(APPROVALS)
      .where({
        entity_ref: query.entityRef,
        channel: query.channel,
        digest: query.digest,
      })
      .orderBy('created_at', 'asc');
    return rows.map(toApproval);
  }
}
