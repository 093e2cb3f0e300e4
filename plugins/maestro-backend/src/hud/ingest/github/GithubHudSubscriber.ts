/*
 * GitHub webhooks reach Maestro through Backstage's events backend: its
 * GitHub module checks `X-Hub-Signature-256` against
 * `events.modules.github.webhookSecret` on `POST /api/events/http/github`
 * (403 otherwise) and routes the delivery to the `github.<X-GitHub-Event>`
 * topic with the request headers as metadata. Maestro subscribes to the
 * topics it reads; the signature is the authorization, so there is no
 * permission check here. Events for repositories no catalog entity claims
 * are dropped (debug log, nothing stored); those that several trusted
 * entities claim, or only untrusted ones, are parked with the reason (see
 * UnroutedDeliveries.ts), never given to one of them.
 *
 * Replays: X-GitHub-Delivery is not signed, so one signed body could be sent
 * again under new delivery ids. The events backend hands subscribers the
 * parsed payload, not the raw bytes (only its signature validator sees
 * those), so the payload's digest is the sha256 of its canonical JSON
 * (RFC 8785, sorted keys); a byte-for-byte copy of a signed body has the same
 * digest, and a body that differs cannot carry a valid signature without the
 * secret. The event name is left out on purpose: X-GitHub-Event is not signed
 * either. HudService stores a payload once within maestro.hud.replayWindowHours.
 * A redelivery GitHub is asked for ("Redeliver" in the hook's Recent
 * Deliveries, or the REST API; github.com allows it for 3 days) keeps the
 * original X-GitHub-Delivery and body, so either key stores it once.
 *
 * Events that reach Maestro through the events backend's bus without
 * metadata get a delivery id that is a hash of topic and payload, which is
 * just as stable across redeliveries.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { canonicalJson } from '@maestro-conductor/backstage-plugin-maestro-node';
import { createHash } from 'node:crypto';
import { HudService } from '../../HudService';
import { HudIngestResult } from '../../types';
import { UnroutedDeliveries } from '../../UnroutedDeliveries';
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
      unrouted: UnroutedDeliveries;
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

  /**
   * Reads, correlates and ingests (or parks) one delivery; never throws.
   * Answers what happened to it, undefined when it was not for the HUD.
   */
  async onEvent(
    params: EventParams,
  ): Promise<HudIngestResult | { status: 'parked' | 'duplicate' } | undefined> {
    const { hud, unrouted, logger } = this.options;
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
      const { correlation, ...event } = draft;
      const payloadDigest = createHash('sha256')
        .update(canonicalJson(params.eventPayload))
        .digest('hex');
      const found = await hud.correlate(correlation);
      if ('reason' in found) {
        if (found.conflict) {
          return await unrouted.park(
            { ...event, payloadDigest },
            { reason: found.reason, conflict: found.conflict },
          );
        }
        logger.debug(
          `Build HUD: dropped GitHub ${draft.type} delivery ${deliveryId}: ${found.reason}`,
        );
        return undefined;
      }
      return await hud.ingest({
        ...event,
        payloadDigest,
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
