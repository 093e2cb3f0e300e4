import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  MaestroEntitySignal,
  maestroEntityChannel,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * Publishes "this entity changed" notices on the entity's Maestro channel.
 * Call it after the change has committed: a client that refetches on the
 * notice must find the change. Publishing never fails the caller; a lost
 * notice costs a live update, the data is safe.
 */
export class EntitySignalPublisher {
  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
  ) {}

  async publish(
    entityRef: string,
    topic: MaestroSignalTopic,
    extra: { sequence?: number } = {},
  ): Promise<void> {
    const message: MaestroEntitySignal = {
      topic,
      entityRef,
      at: new Date().toISOString(),
      ...extra,
    };
    try {
      await this.signals.publish<MaestroEntitySignal>({
        recipients: { type: 'broadcast' },
        channel: maestroEntityChannel(entityRef),
        message,
      });
    } catch (error) {
      this.logger.warn(
        `Could not publish ${topic} signal for ${entityRef}: ${error}`,
      );
    }
  }
}
