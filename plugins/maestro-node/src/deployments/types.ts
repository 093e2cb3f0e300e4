/*
 * What runs where: a deployment source tells Maestro which images run for
 * one entity's release channel, whether the live state matches what Git
 * asks for, and whether it is healthy. Maestro itself knows what it promoted
 * (the Helm values it wrote); a source reports what the cluster actually
 * runs, so release channels can show drift and rollouts can show progress.
 *
 * Sources arrive as backend modules (an Argo CD client, an Argo Rollouts
 * reader, ...) through `maestroDeploymentSourcesExtensionPoint`. Three
 * answers are kept apart:
 *
 * - `null`: this source has nothing to say about the entity's channel (the
 *   entity carries none of its annotations, or the channel maps to no
 *   application of this source). Not an error; the UI shows "not configured".
 * - an `ObservedDeployment`: the source found the deployment; `images` may be
 *   empty (an application with nothing running yet) and `health` may be
 *   `missing` (the resources are gone).
 * - a thrown error: the source is configured for this channel but could not
 *   answer (unreachable, forbidden). The caller reports it per source and
 *   keeps the other sources' answers.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';

/**
 * Whether the live state matches the desired state in Git, as Argo CD's
 * `status.sync.status` reports it (`Synced`, `OutOfSync`, `Unknown`).
 *
 * @public
 */
export type DeploymentSyncStatus = 'synced' | 'out-of-sync' | 'unknown';

/**
 * Health of what runs, in the words of Argo CD's health assessment
 * (`Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing`, `Unknown`);
 * an Argo Rollout's phase maps onto it (`Paused` is `suspended`).
 *
 * @public
 */
export type DeploymentHealthStatus =
  | 'healthy'
  | 'progressing'
  | 'degraded'
  | 'suspended'
  | 'missing'
  | 'unknown';

/**
 * One image that runs in the channel.
 *
 * @public
 */
export type DeployedImage = {
  /** Repository without tag or digest, e.g. `ghcr.io/acme/payments-api`. */
  repository: string;
  /**
   * `sha256:<64 hex>`. Absent when the source sees only a tag (a workload
   * not deployed by digest): Maestro then cannot link it to evidence, and
   * says so rather than guessing from the tag.
   */
  digest?: string;
  /** The tag as written in the workload, when there is one. */
  tag?: string;
  /** The container (or init container) that runs it, when known. */
  container?: string;
};

/**
 * What a deployment source sees running for one entity's channel.
 *
 * @public
 */
export type ObservedDeployment = {
  /** Every image that runs, possibly two of one repository during a canary. */
  images: DeployedImage[];
  sync: {
    status: DeploymentSyncStatus;
    /** The Git revision (commit) the live state was synced to, when known. */
    revision?: string;
  };
  health: {
    status: DeploymentHealthStatus;
    /** The source's own words, e.g. a Rollout's `status.message`. */
    message?: string;
  };
  /**
   * The source's revision of the deployment: Argo CD's history id, a
   * Rollout's revision annotation.
   */
  revision?: string;
  /** Where the source shows this deployment (its own UI), when it has one. */
  url?: string;
  /** When the source read this state, ISO 8601. */
  observedAt: string;
};

/**
 * The question Maestro asks a deployment source.
 *
 * @public
 */
export type DeploymentSourceRequest = {
  /** The entity, with its annotations: sources find their application from them. */
  entity: Entity;
  /** Its normalized ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** A release channel the entity declares (`maestro.io/channels`), e.g. `prod`. */
  channel: string;
  /**
   * Who asks: the user behind a request, or the plugin's own service
   * credentials for background work. Maestro checks its permissions before
   * asking; a source may use these to scope what it reads.
   */
  credentials: BackstageCredentials;
};

/**
 * Tells Maestro what runs where. Implemented by backend modules and added
 * through `maestroDeploymentSourcesExtensionPoint`.
 *
 * @public
 */
export interface DeploymentSource {
  /**
   * Stable and unique among the installed sources, e.g. `argocd` or
   * `argo-rollouts`; used in API answers and logs. Two sources with one id
   * fail the backend's startup.
   */
  readonly id: string;
  /** Shown beside what it reports, e.g. `Argo CD`. */
  readonly displayName: string;
  /**
   * What runs for the entity's channel, or `null` when this source is not
   * configured for it. Throws when it is configured but cannot answer.
   */
  getDeployment(
    request: DeploymentSourceRequest,
  ): Promise<ObservedDeployment | null>;
}
