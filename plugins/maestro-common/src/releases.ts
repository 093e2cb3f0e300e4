import { z } from 'zod';
import { GateChecklist } from './gates';
import { digestSchema, entityRefSchema } from './inputSchemas';

/*
 * Release channels: an image digest promoted through a service's channels
 * (`maestro.io/channels`, in order) by editing the channel's Helm values
 * overlay in the GitOps repository. Each promotion or rollback is a
 * revision of the channel.
 */

/** @public */
export type ReleaseRevisionKind = 'promote' | 'rollback' | 'reconcile';

/** One revision of a channel: what was promoted, by whom, with which gates. @public */
export type ReleaseRevision = {
  id: string;
  entityRef: string;
  channel: string;
  /** 1, 2, 3 … per entity and channel. */
  revision: number;
  kind: ReleaseRevisionKind;
  /** For a rollback: the revision whose digest came back. */
  rollbackOf?: number;
  artifactId: string;
  repository: string;
  digest: string;
  /** The GitOps commit that changed the overlay. */
  commit: string;
  promotionId: string;
  actor: string;
  createdAt: string;
  /** The checklist as it stood when the change was made. */
  gates: GateChecklist;
  /** Present when the gates were bypassed. */
  bypass?: { reason: string; ticket: string };
};

/** What a deployment source says runs in a channel. @public */
export type ChannelDeploymentState =
  | { state: 'not-configured' }
  | {
      state: 'observed';
      source: string;
      sync: string;
      health: string;
      /** True when a live image is the channel's current digest. */
      running: boolean;
      url?: string;
    }
  | { state: 'failed'; source: string; reason: string };

/** One channel of a service, as the Releases tab shows it. @public */
export type ReleaseChannelLane = {
  channel: string;
  branch: string;
  /** The values overlay in the GitOps repository. */
  overlayPath: string;
  current?: ReleaseRevision;
  deployment: ChannelDeploymentState;
  /** Approvals a promotion into this channel needs (0: none). */
  requiredApprovals: number;
  /** Minutes a digest must have run in the previous channel. */
  soakMinutes: number;
};

/** `GET /releases?entityRef=`. @public */
export type EntityReleases = {
  entityRef: string;
  chartPath: string;
  channels: ReleaseChannelLane[];
};

/** @public */
export type ReleaseApproval = {
  id: string;
  entityRef: string;
  channel: string;
  digest: string;
  approver: string;
  createdAt: string;
};

/** A Kubernetes object whose rendered YAML differs. @public */
export type RenderedObjectDiff = {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  diff: string;
};

/** `GET /releases/diff`: what a promotion would change. @public */
export type PromotionPreview = {
  entityRef: string;
  channel: string;
  artifactId: string;
  digest: string;
  running?: ReleaseRevision;
  /** Unified diff of the values overlay. */
  valuesDiff: string;
  manifests: RenderedObjectDiff[];
  /** Checklist the promotion would meet or not. */
  gates: GateChecklist;
};

const bypassSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(10, 'say why, in at least 10 characters')
    .max(4000),
  ticket: z.string().trim().min(1, 'a bypass needs a ticket').max(256),
});

const channelSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a channel name such as staging');

/**
 * `POST /releases/promotions`: the artifact by id or by digest, never by
 * tag (a floating tag is not a release).
 *
 * @public
 */
export const promotionRequestSchema = z
  .object({
    entityRef: entityRefSchema,
    channel: channelSchema,
    artifactId: z
      .string()
      .uuid('must be the id of a registered artifact')
      .optional(),
    digest: z
      .string()
      .refine(
        value =>
          !/^[^@\s]+:[^/@\s]+$/.test(value) || value.startsWith('sha256:'),
        'is a tag; Maestro promotes image digests (sha256:…), never tags',
      )
      .pipe(digestSchema)
      .optional(),
    bypass: bypassSchema.optional(),
  })
  .refine(
    request => Boolean(request.artifactId) !== Boolean(request.digest),
    'name the artifact by artifactId or by digest (one of them)',
  );

/** @public */
export type PromotionRequest = z.input<typeof promotionRequestSchema>;

/** `POST /releases/rollbacks`. @public */
export const rollbackRequestSchema = z.object({
  entityRef: entityRefSchema,
  channel: channelSchema,
  revision: z.number().int().min(1),
  bypass: bypassSchema.optional(),
});

/** @public */
export type RollbackRequest = z.input<typeof rollbackRequestSchema>;

/** `POST /releases/approvals`. @public */
export const approvalRequestSchema = z.object({
  entityRef: entityRefSchema,
  channel: channelSchema,
  artifactId: z.string().uuid('must be the id of a registered artifact'),
});

/** `GET /releases/checklist`, `GET /releases/diff`. @public */
export const promotionQuerySchema = z.object({
  entityRef: entityRefSchema,
  channel: channelSchema,
  artifactId: z.string().uuid('must be the id of a registered artifact'),
});

/** `GET /releases/revisions`. @public */
export const revisionsQuerySchema = z.object({
  entityRef: entityRefSchema,
  channel: channelSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What runs in one channel of one service, in the org-wide matrix. @public */
export type ReleaseMatrixCell = {
  revision: number;
  digest: string;
  createdAt: string;
  actor: string;
  kind: ReleaseRevisionKind;
};

/** `GET /releases/matrix`: services × channels, what runs where. @public */
export type ReleaseMatrix = {
  items: Array<{
    entityRef: string;
    /** The service's channels in promotion order (`maestro.io/channels`). */
    channels: string[];
    cells: Record<string, ReleaseMatrixCell | undefined>;
    /** Channels that run something other than the channel before them. */
    lagging: string[];
  }>;
};
