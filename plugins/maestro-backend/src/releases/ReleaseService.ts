/*
 * Release channels: promotion of a registered image digest into a channel
 * of a service by editing the channel's values overlay in the GitOps
 * repository, gated by the shared checklist.
 *
 * A promotion runs: checklist (with the overlay as it would be, rendered by
 * real Helm for the policy gate) → overlay edit → Git commit with
 * compare-and-swap on the branch head (the loser of two concurrent
 * promotions gets 409, and Git, revisions and ledger agree) → revision and
 * ledger entry in one transaction → signal. A commit that landed but whose
 * revision could not be recorded (the database failed after the push) is
 * not lost: its message carries the promotion as trailers, and
 * `reconcile` records it the next time the channel is read or written.
 */
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ChannelDeploymentState,
  EntityReleases,
  GateChecklist,
  getReleaseChannels,
  MAESTRO_ANNOTATIONS,
  MAESTRO_SIGNAL_TOPICS,
  normalizeEntityRef,
  PromotionPreview,
  ReleaseApproval,
  ReleaseMatrix,
  ReleaseMatrixCell,
  ReleaseRevision,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  diffRenderedManifests,
  diffValues,
  GitIdentity,
  GitOpsRepository,
  renderChart,
  setImageDigest,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lockForTransaction } from '../database/transactionLock';
import { DeploymentSources } from '../deployments/DeploymentSources';
import { GateChecklistRunner } from '../gates/GateChecklist';
import { RecordedMutations } from '../ledger/recordedMutation';
import { ArtifactRecord } from '../supplyChain/types';
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { ReleasesConfig } from './releasesConfig';

/** A channel of a service, resolved from the catalog and config. */
export type ReleaseTarget = {
  entity: Entity;
  entityRef: string;
  channels: string[];
  channel: string;
  channelIndex: number;
  chartPath: string;
  overlayPath: string;
  branch: string;
};

/** What the checklist of a promotion looks at. */
export type PromotionSubject = {
  target: ReleaseTarget;
  artifact: ArtifactRecord;
  /** Who asks: approvals by them never count. */
  requester: string;
  credentials: BackstageCredentials;
  /** `helm template` output of the chart with the overlay as promoted. */
  rendered: string;
  /** The revision a rollback brings back. */
  rollbackOf?: ReleaseRevision;
};

export interface ReleaseArtifacts {
  getArtifact(id: string): Promise<ArtifactRecord | undefined>;
  getArtifactByDigest(digest: string): Promise<ArtifactRecord | undefined>;
}

type PreparedChange = {
  subject: PromotionSubject;
  head: string;
  overlayBefore: string;
  overlayAfter: string;
  /** The chart as the channel runs it now; rendered only for a preview. */
  renderedBefore?: string;
};

const TRAILER = {
  promotion: 'Maestro-Promotion',
  kind: 'Maestro-Kind',
  entity: 'Maestro-Entity',
  channel: 'Maestro-Channel',
  artifact: 'Maestro-Artifact',
  repository: 'Maestro-Repository',
  digest: 'Maestro-Digest',
  actor: 'Maestro-Actor',
  rollbackOf: 'Maestro-Rollback-Of',
} as const;

export class ReleaseService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      config: ReleasesConfig;
      repository: GitOpsRepository;
      store: DatabaseReleaseStore;
      mutations: RecordedMutations;
      artifacts: ReleaseArtifacts;
      checklist: GateChecklistRunner<PromotionSubject>;
      catalog: CatalogService;
      auth: AuthService;
      deployments: DeploymentSources;
      logger: LoggerService;
      helmPath?: string;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The service's channels left to right, with what each runs. */
  async lanes(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityReleases> {
    const entity = await this.entity(entityRef, credentials);
    const ref = normalizeEntityRef(entity);
    const channels = getReleaseChannels(entity);
    const targets = channels.map(channel => this.targetOf(entity, channel));
    for (const target of targets) {
      await this.reconcile(target);
    }
    const current = await this.options.store.currentRevisions(ref);
    return {
      entityRef: ref,
      chartPath: targets[0]?.chartPath ?? chartPathOf(entity),
      channels: await Promise.all(
        targets.map(async target => {
          const rules = this.options.config.rules(target.channel);
          const revision = current.get(target.channel);
          return {
            channel: target.channel,
            branch: target.branch,
            overlayPath: target.overlayPath,
            ...(revision && { current: revision }),
            deployment: await this.deploymentState(
              target,
              revision,
              credentials,
            ),
            requiredApprovals: rules.approvals,
            soakMinutes: rules.soakMinutes,
          };
        }),
      ),
    };
  }

  /**
   * Services × channels: the current revision of each channel of every
   * service that has one, with the channels that lag the one before them.
   * Channel order comes from the catalog (read once, in one batch, with the
   * caller's credentials); a service the caller cannot see is left out.
   */
  async matrix(credentials: BackstageCredentials): Promise<ReleaseMatrix> {
    const cells = await this.options.store.allCurrentRevisions();
    const byEntity = new Map<string, Record<string, ReleaseMatrixCell>>();
    for (const { entityRef, channel, ...cell } of cells) {
      const row = byEntity.get(entityRef) ?? {};
      row[channel] = cell;
      byEntity.set(entityRef, row);
    }
    const refs = [...byEntity.keys()];
    const { items: entities } =
      refs.length > 0
        ? await this.options.catalog.getEntitiesByRefs(
            { entityRefs: refs, fields: ['kind', 'metadata'] },
            { credentials },
          )
        : { items: [] };
    const items: ReleaseMatrix['items'] = [];
    refs.forEach((entityRef, index) => {
      const entity = entities[index];
      if (!entity) return;
      const channels = getReleaseChannels(entity);
      const row = byEntity.get(entityRef)!;
      const lagging = channels.filter(
        (channel, i) =>
          i > 0 &&
          row[channels[i - 1]] !== undefined &&
          row[channels[i - 1]]!.digest !== row[channel]?.digest,
      );
      items.push({ entityRef, channels, cells: row, lagging });
    });
    return { items };
  }

  async revisions(
    query: { entityRef: string; channel: string; limit: number },
    credentials: BackstageCredentials,
  ): Promise<ReleaseRevision[]> {
    const target = await this.target(
      query.entityRef,
      query.channel,
      credentials,
    );
    await this.reconcile(target);
    return this.options.store.listRevisions({
      ...query,
      entityRef: target.entityRef,
    });
  }

  async approvals(
    query: { entityRef: string; channel: string; artifactId: string },
    credentials: BackstageCredentials,
  ): Promise<ReleaseApproval[]> {
    const target = await this.target(
      query.entityRef,
      query.channel,
      credentials,
    );
    const artifact = await this.artifactOf(target, {
      artifactId: query.artifactId,
    });
    return this.options.store.listApprovals({
      entityRef: target.entityRef,
      channel: target.channel,
      digest: artifact.digest,
    });
  }

  /** The checklist and the diff a promotion would meet, without changing anything. */
  async preview(
    request: { entityRef: string; channel: string; artifactId: string },
    requester: string,
    credentials: BackstageCredentials,
  ): Promise<PromotionPreview> {
    const target = await this.target(
      request.entityRef,
      request.channel,
      credentials,
    );
    const artifact = await this.artifactOf(target, request);
    await this.reconcile(target);
    const prepared = await this.prepare(
      target,
      artifact,
      requester,
      credentials,
      {
        renderBefore: true,
      },
    );
    const gates = await this.options.checklist.evaluate(prepared.subject);
    const running = (
      await this.options.store.currentRevisions(target.entityRef)
    ).get(target.channel);
    return {
      entityRef: target.entityRef,
      channel: target.channel,
      artifactId: artifact.id,
      digest: artifact.digest,
      ...(running && { running }),
      valuesDiff: diffValues(prepared.overlayBefore, prepared.overlayAfter, {
        fileName: target.overlayPath,
      }).diff,
      manifests: diffRenderedManifests(
        prepared.renderedBefore!,
        prepared.subject.rendered,
      ),
      gates,
    };
  }

  async promote(
    request: {
      entityRef: string;
      channel: string;
      artifactId?: string;
      digest?: string;
      bypass?: { reason: string; ticket: string };
    },
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseRevision> {
    const target = await this.target(
      request.entityRef,
      request.channel,
      credentials,
    );
    const artifact = await this.artifactOf(target, request);
    return this.change({
      target,
      artifact,
      actor,
      credentials,
      kind: 'promote',
      bypass: request.bypass,
    });
  }

  /** Promotes an earlier revision's digest again, as a new revision, through the gates. */
  async rollback(
    request: {
      entityRef: string;
      channel: string;
      revision: number;
      bypass?: { reason: string; ticket: string };
    },
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseRevision> {
    const target = await this.target(
      request.entityRef,
      request.channel,
      credentials,
    );
    await this.reconcile(target);
    const earlier = await this.options.store.getRevision(
      target.entityRef,
      target.channel,
      request.revision,
    );
    if (!earlier) {
      throw new NotFoundError(
        `${target.entityRef} has no revision ${request.revision} in ${target.channel}`,
      );
    }
    const artifact = await this.artifactOf(target, {
      artifactId: earlier.artifactId,
    });
    return this.change({
      target,
      artifact,
      actor,
      credentials,
      kind: 'rollback',
      rollbackOf: earlier,
      bypass: request.bypass,
    });
  }

  /**
   * Records an approval of the digest for the channel. Only members of the
   * entity's owning group approve; approving one's own promotion is allowed
   * to record but never counts for that person's promotion.
   */
  async approve(
    request: { entityRef: string; channel: string; artifactId: string },
    approver: string,
    credentials: BackstageCredentials,
  ): Promise<{ approval: ReleaseApproval; created: boolean }> {
    const target = await this.target(
      request.entityRef,
      request.channel,
      credentials,
    );
    const artifact = await this.artifactOf(target, request);
    await this.assertMemberOfOwner(target.entity, approver);
    const approval: ReleaseApproval = {
      id: randomUUID(),
      entityRef: target.entityRef,
      channel: target.channel,
      digest: artifact.digest,
      approver,
      createdAt: this.now().toISOString(),
    };
    const { result } = await this.options.mutations.run(
      {},
      async ({ tx, record, signal }) => {
        const created = await this.options.store.insertApproval(tx, approval);
        if (!created) return { approval, created };
        await record({
          actor: approver,
          action: 'release.approve',
          target: target.entityRef,
          payload: {
            approvalId: approval.id,
            channel: target.channel,
            artifactId: artifact.id,
            digest: artifact.digest,
          },
        });
        signal(target.entityRef, MAESTRO_SIGNAL_TOPICS.releases);
        return { approval, created };
      },
    );
    if (!result.created) {
      const [existing] = (
        await this.options.store.listApprovals({
          entityRef: target.entityRef,
          channel: target.channel,
          digest: artifact.digest,
        })
      ).filter(a => a.approver === approver);
      return { approval: existing ?? approval, created: false };
    }
    return result;
  }

  /** The channel's gate checklist for an artifact. */
  async checklist(
    request: { entityRef: string; channel: string; artifactId: string },
    requester: string,
    credentials: BackstageCredentials,
  ): Promise<GateChecklist> {
    const target = await this.target(
      request.entityRef,
      request.channel,
      credentials,
    );
    const artifact = await this.artifactOf(target, request);
    const prepared = await this.prepare(
      target,
      artifact,
      requester,
      credentials,
    );
    return this.options.checklist.evaluate(prepared.subject);
  }

  /**
   * Records commits of the channel's overlay that carry a Maestro promotion
   * no revision records (the database failed after the push). Oldest first,
   * under the channel's lock, so a concurrent writer records each once.
   */
  async reconcile(target: ReleaseTarget): Promise<number> {
    const { repository, store, mutations } = this.options;
    if (!(await repository.head(target.branch))) return 0;
    const log = await repository.log({
      branch: target.branch,
      path: target.overlayPath,
      limit: 20,
    });
    const found = log
      .map(entry => ({ entry, trailers: readTrailers(entry.message) }))
      .filter(
        ({ trailers }) =>
          trailers[TRAILER.promotion] &&
          trailers[TRAILER.entity] === target.entityRef &&
          trailers[TRAILER.channel] === target.channel,
      );
    const known = await store.knownPromotions(
      found.map(({ trailers }) => trailers[TRAILER.promotion]),
    );
    const missing = found
      .filter(({ trailers }) => !known.has(trailers[TRAILER.promotion]))
      .reverse();
    for (const { entry, trailers } of missing) {
      await mutations.run({}, async ({ tx, record, signal }) => {
        await lockForTransaction(tx, channelLock(target));
        const promotionId = trailers[TRAILER.promotion];
        if ((await store.knownPromotions([promotionId], tx)).has(promotionId)) {
          return;
        }
        const revision: ReleaseRevision = {
          id: randomUUID(),
          entityRef: target.entityRef,
          channel: target.channel,
          revision: await store.nextRevision(
            tx,
            target.entityRef,
            target.channel,
          ),
          kind: 'reconcile',
          ...(trailers[TRAILER.rollbackOf] && {
            rollbackOf: Number(trailers[TRAILER.rollbackOf]),
          }),
          artifactId: trailers[TRAILER.artifact] ?? '',
          repository: trailers[TRAILER.repository] ?? '',
          digest: trailers[TRAILER.digest] ?? '',
          commit: entry.sha,
          promotionId,
          actor: trailers[TRAILER.actor] ?? entry.author.email,
          createdAt: new Date(entry.date).toISOString(),
          gates: {
            items: [],
            passed: false,
            blockedBy: [],
            evaluatedAt: new Date(entry.date).toISOString(),
          },
        };
        await store.insertRevision(tx, revision);
        await record({
          actor: 'maestro:releases',
          action: 'release.reconcile',
          target: target.entityRef,
          payload: {
            revision: revision.revision,
            channel: target.channel,
            commit: entry.sha,
            promotionId,
            digest: revision.digest,
            kind: trailers[TRAILER.kind] ?? null,
          },
        });
        signal(target.entityRef, MAESTRO_SIGNAL_TOPICS.releases);
      });
      this.options.logger.warn(
        `Recorded GitOps commit ${entry.sha} of ${target.entityRef} ${target.channel} as a reconciled revision: its promotion had not been recorded`,
      );
    }
    return missing.length;
  }

  private async change(change: {
    target: ReleaseTarget;
    artifact: ArtifactRecord;
    actor: string;
    credentials: BackstageCredentials;
    kind: 'promote' | 'rollback';
    rollbackOf?: ReleaseRevision;
    bypass?: { reason: string; ticket: string };
  }): Promise<ReleaseRevision> {
    const { target, artifact, actor, kind, bypass } = change;
    const { repository, store, mutations } = this.options;
    await this.reconcile(target);
    const prepared = await this.prepare(
      target,
      artifact,
      actor,
      change.credentials,
      { rollbackOf: change.rollbackOf, refuseUnchanged: true },
    );
    const gates = await this.options.checklist.evaluate(prepared.subject);
    if (!gates.passed && !bypass) {
      const reasons = gates.items
        .filter(item => item.status !== 'pass')
        .map(item => `${item.title}: ${item.reason}`)
        .join('; ');
      throw new ConflictError(
        `${kind === 'rollback' ? 'Rollback' : 'Promotion'} of ${
          artifact.digest
        } to ${target.channel} is blocked: ${reasons}`,
      );
    }
    const promotionId = randomUUID();
    const commit = await repository.commitFiles({
      branch: target.branch,
      expectedHead: prepared.head,
      files: { [target.overlayPath]: prepared.overlayAfter },
      author: await this.identityOf(actor),
      message: commitMessage({
        target,
        artifact,
        actor,
        kind,
        promotionId,
        gates,
        bypass,
        rollbackOf: change.rollbackOf,
      }),
      date: this.now(),
    });
    try {
      const { result } = await mutations.run(
        {},
        async ({ tx, record, signal }) => {
          await lockForTransaction(tx, channelLock(target));
          const revision: ReleaseRevision = {
            id: randomUUID(),
            entityRef: target.entityRef,
            channel: target.channel,
            revision: await store.nextRevision(
              tx,
              target.entityRef,
              target.channel,
            ),
            kind,
            ...(change.rollbackOf && {
              rollbackOf: change.rollbackOf.revision,
            }),
            artifactId: artifact.id,
            repository: artifact.repository,
            digest: artifact.digest,
            commit,
            promotionId,
            actor,
            createdAt: this.now().toISOString(),
            gates,
            ...(bypass && { bypass }),
          };
          await store.insertRevision(tx, revision);
          await record({
            actor,
            action:
              kind === 'rollback' ? 'release.rollback' : 'release.promote',
            target: target.entityRef,
            payload: {
              promotionId,
              revision: revision.revision,
              channel: target.channel,
              artifactId: artifact.id,
              repository: artifact.repository,
              digest: artifact.digest,
              commit,
              gatesPassed: gates.passed,
              blockedBy: gates.blockedBy,
              rollbackOf: change.rollbackOf?.revision ?? null,
              bypass: bypass ?? null,
            },
          });
          signal(target.entityRef, MAESTRO_SIGNAL_TOPICS.releases);
          return revision;
        },
      );
      return result;
    } catch (error) {
      this.options.logger.error(
        `Promotion ${promotionId} of ${target.entityRef} to ${target.channel} is committed as ${commit} but was not recorded; it is reconciled on the channel's next read: ${error}`,
      );
      throw error;
    }
  }

  private async prepare(
    target: ReleaseTarget,
    artifact: ArtifactRecord,
    requester: string,
    credentials: BackstageCredentials,
    options: {
      rollbackOf?: ReleaseRevision;
      /** Also render the overlay as it is, for the diff. */
      renderBefore?: boolean;
      /** Refuse (409), before rendering anything, a change that changes nothing. */
      refuseUnchanged?: boolean;
    } = {},
  ): Promise<PreparedChange> {
    const { rollbackOf } = options;
    const { repository } = this.options;
    const head = await repository.head(target.branch);
    if (!head) {
      throw new InputError(
        `The GitOps repository has no branch ${target.branch} for ${target.channel}`,
      );
    }
    let overlayBefore: string;
    try {
      overlayBefore = await repository.readFile(head, target.overlayPath);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new InputError(
          `The GitOps repository has no values overlay ${target.overlayPath} for ${target.entityRef} in ${target.channel} (branch ${target.branch}); add it to promote`,
        );
      }
      throw error;
    }
    const overlayAfter = setImageDigest(overlayBefore, {
      repository: artifact.repository,
      digest: artifact.digest,
    });
    if (options.refuseUnchanged && overlayAfter === overlayBefore) {
      throw new ConflictError(
        `${artifact.repository}@${artifact.digest} is already what ${target.overlayPath} names: nothing to promote`,
      );
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'maestro-release-'));
    try {
      const chartDir = path.join(dir, 'chart');
      await repository.exportTree(head, target.chartPath, chartDir);
      const render = async (overlay: string, name: string) => {
        const file = path.join(dir, name);
        await fs.writeFile(file, overlay);
        return renderChart({
          chartDir,
          valuesFiles: [file],
          releaseName: parseEntityRef(target.entityRef).name,
          namespace: target.channel,
          helmPath: this.options.helmPath,
        });
      };
      const rendered = await render(overlayAfter, 'after.yaml');
      return {
        head,
        overlayBefore,
        overlayAfter,
        ...(options.renderBefore && {
          renderedBefore: await render(overlayBefore, 'before.yaml'),
        }),
        subject: {
          target,
          artifact,
          requester,
          credentials,
          rendered,
          ...(rollbackOf && { rollbackOf }),
        },
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async target(
    entityRef: string,
    channel: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseTarget> {
    const entity = await this.entity(entityRef, credentials);
    return this.targetOf(entity, channel);
  }

  private targetOf(entity: Entity, channel: string): ReleaseTarget {
    const entityRef = normalizeEntityRef(entity);
    const channels = getReleaseChannels(entity);
    const channelIndex = channels.indexOf(channel);
    if (channelIndex < 0) {
      throw new InputError(
        `${entityRef} has no release channel '${channel}'; its channels (maestro.io/channels) are ${channels.join(
          ', ',
        )}`,
      );
    }
    const chartPath = chartPathOf(entity);
    return {
      entity,
      entityRef,
      channels,
      channel,
      channelIndex,
      chartPath,
      overlayPath: path.posix.join(
        path.posix.dirname(chartPath),
        `values-${channel}.yaml`,
      ),
      branch: this.options.config.rules(channel).branch,
    };
  }

  private async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }

  private async artifactOf(
    target: ReleaseTarget,
    request: { artifactId?: string; digest?: string },
  ): Promise<ArtifactRecord> {
    const artifact = request.artifactId
      ? await this.options.artifacts.getArtifact(request.artifactId)
      : await this.options.artifacts.getArtifactByDigest(request.digest!);
    const named = request.artifactId ?? request.digest;
    if (!artifact) {
      throw new NotFoundError(
        `No registered artifact ${named}: register the image digest with its evidence first (POST /supply-chain/artifacts)`,
      );
    }
    if (artifact.entityRef !== target.entityRef) {
      throw new InputError(
        `Artifact ${named} (${artifact.repository}@${artifact.digest}) belongs to ${artifact.entityRef}, not ${target.entityRef}`,
      );
    }
    return artifact;
  }

  private async deploymentState(
    target: ReleaseTarget,
    current: ReleaseRevision | undefined,
    credentials: BackstageCredentials,
  ): Promise<ChannelDeploymentState> {
    const [first] = await this.options.deployments.observe({
      entity: target.entity,
      entityRef: target.entityRef,
      channel: target.channel,
      credentials,
    });
    if (!first || first.state === 'not-configured') {
      return { state: 'not-configured' };
    }
    if (first.state === 'failed') {
      return {
        state: 'failed',
        source: first.source.displayName,
        reason: first.reason,
      };
    }
    const { deployment } = first;
    return {
      state: 'observed',
      source: first.source.displayName,
      sync: deployment.sync.status,
      health: deployment.health.status,
      running: Boolean(
        current &&
          deployment.images.some(image => image.digest === current.digest),
      ),
      ...(deployment.url && { url: deployment.url }),
    };
  }

  private async userEntity(userRef: string): Promise<Entity | undefined> {
    if (!userRef.startsWith('user:')) return undefined;
    try {
      return await this.options.catalog.getEntityByRef(userRef, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
    } catch {
      return undefined;
    }
  }

  /** The commit author: the user's catalog profile, else a name from their ref. */
  private async identityOf(actor: string): Promise<GitIdentity> {
    const user = await this.userEntity(actor);
    const profile = (user?.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    const name = actor.startsWith('user:')
      ? parseEntityRef(actor).name
      : actor.replace(/^service:/, '');
    return {
      name: profile.displayName ?? name,
      email:
        profile.email ??
        `${name.replace(/[^a-zA-Z0-9._-]/g, '-')}@users.maestro.invalid`,
    };
  }

  private async assertMemberOfOwner(entity: Entity, approver: string) {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string' || !owner) {
      throw new NotAllowedError(
        `${normalizeEntityRef(
          entity,
        )} has no owner, so no one can approve its releases`,
      );
    }
    const ownerRef = normalizeEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    const user = await this.userEntity(approver);
    const groups = (user?.relations ?? [])
      .filter(relation => relation.type === 'memberOf')
      .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
    if (ownerRef !== approver && !groups.includes(ownerRef)) {
      throw new NotAllowedError(
        `Only members of ${ownerRef}, which owns ${normalizeEntityRef(
          entity,
        )}, approve its releases`,
      );
    }
  }
}

function chartPathOf(entity: Entity): string {
  const chart = entity.metadata.annotations?.[MAESTRO_ANNOTATIONS.helmChart];
  if (!chart) {
    throw new InputError(
      `${normalizeEntityRef(entity)} has no ${
        MAESTRO_ANNOTATIONS.helmChart
      } annotation naming its chart in the GitOps repository`,
    );
  }
  return chart.replace(/^\/+|\/+$/g, '');
}

function channelLock(target: ReleaseTarget): string {
  return `release:${target.entityRef}:${target.channel}`;
}

function commitMessage(options: {
  target: ReleaseTarget;
  artifact: ArtifactRecord;
  actor: string;
  kind: 'promote' | 'rollback';
  promotionId: string;
  gates: GateChecklist;
  bypass?: { reason: string; ticket: string };
  rollbackOf?: ReleaseRevision;
}): string {
  const { target, artifact, kind, gates, bypass, rollbackOf } = options;
  const name = parseEntityRef(target.entityRef).name;
  const subject =
    kind === 'rollback'
      ? `Roll back ${name} in ${target.channel} to revision ${
          rollbackOf!.revision
        }`
      : `Promote ${name} to ${target.channel}`;
  const evidence = gates.items.map(
    item => `- ${item.status.toUpperCase()} ${item.title}: ${item.reason}`,
  );
  return [
    subject,
    '',
    `${artifact.repository}@${artifact.digest}`,
    '',
    'Gates:',
    ...evidence,
    ...(bypass ? ['', `Bypassed (${bypass.ticket}): ${bypass.reason}`] : []),
    '',
    `${TRAILER.promotion}: ${options.promotionId}`,
    `${TRAILER.kind}: ${kind}`,
    `${TRAILER.entity}: ${target.entityRef}`,
    `${TRAILER.channel}: ${target.channel}`,
    `${TRAILER.artifact}: ${artifact.id}`,
    `${TRAILER.repository}: ${artifact.repository}`,
    `${TRAILER.digest}: ${artifact.digest}`,
    `${TRAILER.actor}: ${options.actor}`,
    ...(rollbackOf ? [`${TRAILER.rollbackOf}: ${rollbackOf.revision}`] : []),
  ].join('\n');
}

/** `Key: value` lines of a commit message's last paragraph. */
function readTrailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const trailers: Record<string, string> = {};
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z][A-Za-z-]*): (.+)$/.exec(line.trim());
    if (match) trailers[match[1]] = match[2];
  }
  return trailers;
}
