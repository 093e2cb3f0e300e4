import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentSource,
  DeploymentSourceRequest,
  ObservedDeployment,
} from '@maestro-conductor/backstage-plugin-maestro-node';

/** One source's answer for an entity's channel. */
export type DeploymentObservation = {
  source: { id: string; displayName: string };
} & (
  | { state: 'observed'; deployment: ObservedDeployment }
  /** The source has nothing configured for this entity's channel. */
  | { state: 'not-configured' }
  /** The source is configured but could not answer. */
  | { state: 'failed'; reason: string }
);

/**
 * The deployment sources modules added through
 * `maestroDeploymentSourcesExtensionPoint`, fixed when the plugin starts.
 * Release channels and rollouts read what runs where through it; with no
 * source installed every channel is "not configured".
 */
export class DeploymentSources {
  private constructor(
    private readonly sources: ReadonlyMap<string, DeploymentSource>,
    private readonly logger: LoggerService,
  ) {}

  /** Throws when two sources share an id: which one answers would be a guess. */
  static create(options: {
    sources: DeploymentSource[];
    logger: LoggerService;
  }): DeploymentSources {
    const byId = new Map<string, DeploymentSource>();
    for (const source of options.sources) {
      const id = source.id?.trim();
      if (!id) {
        throw new Error(
          `A Maestro deployment source has no id (display name: ${
            source.displayName || 'none'
          })`,
        );
      }
      const existing = byId.get(id);
      if (existing) {
        throw new Error(
          `Two Maestro deployment sources have the id '${id}' (${existing.displayName}, ${source.displayName}); each module must add its source under its own id`,
        );
      }
      byId.set(id, source);
    }
    return new DeploymentSources(byId, options.logger);
  }

  /** The installed sources, in the order their modules added them. */
  list(): Array<{ id: string; displayName: string }> {
    return [...this.sources.values()].map(({ id, displayName }) => ({
      id,
      displayName,
    }));
  }

  get(id: string): DeploymentSource | undefined {
    return this.sources.get(id);
  }

  /**
   * Asks every source about the entity's channel at once. A failing source
   * is reported as failed (and logged) without hiding the others' answers.
   */
  async observe(
    request: DeploymentSourceRequest,
  ): Promise<DeploymentObservation[]> {
    return Promise.all(
      [...this.sources.values()].map(
        async (source): Promise<DeploymentObservation> => {
          const about = { id: source.id, displayName: source.displayName };
          try {
            const deployment = await source.getDeployment(request);
            return deployment
              ? { source: about, state: 'observed', deployment }
              : { source: about, state: 'not-configured' };
          } catch (error) {
            const reason =
              error instanceof Error ? error.message : String(error);
            this.logger.warn(
              `Deployment source ${source.id} could not read ${request.entityRef} channel ${request.channel}: ${reason}`,
            );
            return { source: about, state: 'failed', reason };
          }
        },
      ),
    );
  }
}
