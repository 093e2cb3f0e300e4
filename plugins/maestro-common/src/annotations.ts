import type { Entity } from '@backstage/catalog-model';
import {
  explainInvalidImageRepository,
  normalizeImageRepository,
} from './images';

/**
 * Catalog annotations Maestro reads. A component is managed by Maestro when it
 * names the image repository it ships (`maestro.io/image`); the others refine
 * what Maestro shows for it.
 *
 * @public
 */
export const MAESTRO_ANNOTATIONS = {
  /** Image repository without tag or digest, e.g. `ghcr.io/acme/payments-api`. Required. */
  image: 'maestro.io/image',
  /** Comma-separated release channels in promotion order, e.g. `dev,staging,prod`. */
  channels: 'maestro.io/channels',
  /** Path of the service's Helm chart inside its repository, e.g. `charts/payments-api`. */
  helmChart: 'maestro.io/helm-chart',
  /** Name of the Argo Rollout (or Deployment) that runs the service. */
  rollout: 'maestro.io/rollout',
  /** Name of the Tekton pipeline that builds the service, for CloudEvents correlation. */
  tektonPipeline: 'maestro.io/tekton-pipeline',
  /** Standard Backstage annotation used to correlate GitHub events: `owner/repo`. */
  githubProjectSlug: 'github.com/project-slug',
  /** Standard Backstage annotation used to find the service's Kubernetes objects. */
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/** @public */
export const DEFAULT_RELEASE_CHANNELS = ['dev', 'staging', 'prod'] as const;

/**
 * True when the entity carries the annotation that puts it under Maestro.
 *
 * @public
 */
export function isMaestroAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[MAESTRO_ANNOTATIONS.image]?.trim(),
  );
}

/**
 * The image repository the entity names in `maestro.io/image`, normalized
 * (`nginx` → `docker.io/library/nginx`, see normalizeImageRepository), so it
 * compares equal to stored artifacts' repositories; undefined when the
 * annotation is absent or is not an image repository.
 *
 * @public
 */
export function getImageRepository(entity: Entity): string | undefined {
  const raw = entity.metadata.annotations?.[MAESTRO_ANNOTATIONS.image]?.trim();
  if (!raw || explainInvalidImageRepository(raw)) {
    return undefined;
  }
  return normalizeImageRepository(raw);
}

/**
 * The release channels the entity declares, or the defaults when it declares none.
 *
 * @public
 */
export function getReleaseChannels(entity: Entity): string[] {
  const raw = entity.metadata.annotations?.[MAESTRO_ANNOTATIONS.channels];
  const channels = (raw ?? '')
    .split(',')
    .map(c => c.trim())
    .filter(Boolean);
  return channels.length > 0 ? channels : [...DEFAULT_RELEASE_CHANNELS];
}
