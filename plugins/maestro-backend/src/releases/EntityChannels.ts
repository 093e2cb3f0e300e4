import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_RELEASE_CHANNELS,
  getReleaseChannels,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** Release channels of entities, from their `maestro.io/channels` annotation. */
export interface ChannelDirectory {
  channelsOf(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>>;
}

/**
 * Reads channels from the catalog with the caller's credentials. An entity
 * the catalog does not return (deleted, or not visible to the caller) gets
 * the default channels, and so does every entity when the catalog cannot be
 * reached: verdicts are a view of stored evidence and must not vanish with
 * the catalog.
 */
export class CatalogChannelDirectory implements ChannelDirectory {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      logger: LoggerService;
    },
  ) {}

  async channelsOf(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const refs = [...new Set(entityRefs)];
    const channels = new Map<string, string[]>(
      refs.map(ref => [ref, [...DEFAULT_RELEASE_CHANNELS]]),
    );
    if (refs.length === 0) return channels;
    try {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: refs, fields: ['kind', 'metadata'] },
        { credentials },
      );
      items.forEach((entity, index) => {
        if (entity) channels.set(refs[index], getReleaseChannels(entity));
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not read release channels from the catalog, using ${DEFAULT_RELEASE_CHANNELS.join(
          ',',
        )}: ${error}`,
      );
    }
    return channels;
  }
}
