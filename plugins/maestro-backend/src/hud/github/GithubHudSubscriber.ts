/*
 * GitHub webhooks reach Maestro through Backstage's events backend: its
 * GitHub module checks `X-Hub-Signature-256` against
 * `events.modules.github.webhookSecret` on `POST /api/events/http/github`
 * (403 otherwise) and routes the delivery to the `github.<X-GitHub-Event>`
 * topic with the request headers as metadata. Maestro subscribes to the
 * topics it reads; the signature is the authorization, so there is no
 * permission check here, and events for repositories no catalog entity
 * claims are dropped (debug log, nothing stored).
 *
 * Events that reach Maestro through the events backend's bus from another
 * instance carry no metadata; their delivery id is then a hash of topic and
 * payload, which is just as stable across redeliveries.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { createHash } from 'node:crypto';
import { HudService } from '../HudService';
import { HudIngestResult } from '../types';
import {
  GITHUB_HUD_EVENTS,
  GithubReadOptions,
  readGithubEvent,
} from './readGithubEvent';

export const GITHUB_HUD_TOPICS = GITHUB_HUD_EVENTS.map(
  name => `github.${name}`,
);

/** Who stored an event that came in as a signed webhook. */
export const GITHUB_WEBHOOK_ACTOR = 'github-webhook';

function header(
  metadata: EventParams['metadata'],
  name: string,
): string | undefined {
  const value = metadata?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? String(first) : undefined;
}

export class GithubHudSubscriber {
  constructor(
    private readonly options: {
      hud: HudService;
      logger: LoggerService;
      read: GithubReadOptions;
    },
  ) {}

  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: 'maestro-hud',
      topics: GITHUB_HUD_TOPICS,
      onEvent: params => this.onEvent(params).then(() => undefined),
    });
  }

  /** Reads, correlates and ingests one delivery; never throws. */
  async onEvent(params: EventParams): Promise<HudIngestResult | undefined> {
    const { hud, logger } = this.options;
    const eventName = params.topic.replace(/^github\./, '');
    const deliveryId =
      header(params.metadata, 'x-github-delivery') ??
      `sha256:${createHash('sha256')
        .update(params.topic)
        .update('\n')
        .update(JSON.stringify(params.eventPayload))
        .digest('hex')}`;
    try {
      const draft = readGithubEvent(
        eventName,
        params.eventPayload,
        deliveryId,
        this.options.read,
      );
      if (!draft) {
        logger.debug(
          `Build HUD: nothing to read in GitHub ${eventName} delivery ${deliveryId}`,
        );
        return undefined;
      }
      const found = await hud.correlate(draft.correlation);
      if ('reason' in found) {
        logger.debug(
          `Build HUD: dropped GitHub ${draft.type} delivery ${deliveryId}: ${found.reason}`,
        );
        return undefined;
      }
      const { correlation, ...event } = draft;
      return await hud.ingest({
        ...event,
        entityRef: found.entityRef,
        receivedBy: GITHUB_WEBHOOK_ACTOR,
      });
    } catch (error) {
      logger.error(
        `Build HUD: could not ingest GitHub ${eventName} delivery ${deliveryId}: ${error}`,
      );
      return undefined;
    }
  }
}
