/*
 * GitHub deliveries that no single trusted entity claims are parked, not
 * given to one of the claimants and not dropped: a webhook has no caller to
 * answer, so the conflict is made visible instead. Each claimant's Builds tab
 * and the Maestro page's Builds tab read them (`GET /hud/unrouted`) and say
 * "3 deliveries for acme/x are parked: component:a and component:b both
 * claim it"; a `hud` signal on each claimant's channel makes open tabs show
 * it at once. Retention deletes parked deliveries with the events.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { HudUnroutedDeliveries } from '@maestro-conductor/backstage-plugin-maestro-common';
import { randomUUID } from 'node:crypto';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabaseHudUnroutedStore } from './DatabaseHudUnroutedStore';
import { HudCorrelationConflict } from './HudEntityResolver';
import { hudEventKey, HUD_SIGNAL_TOPIC } from './HudService';
import { HudEventDraft } from './types';

export class UnroutedDeliveries {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseHudUnroutedStore;
      signals: EntitySignalPublisher;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Parks a delivery once (per delivery id and per payload). */
  async park(
    draft: Omit<HudEventDraft, 'correlation'> & { payloadDigest: string },
    refusal: { reason: string; conflict: HudCorrelationConflict },
  ): Promise<{ status: 'parked' | 'duplicate' }> {
    const { conflict } = refusal;
    const { created } = await this.options.store.park({
      id: randomUUID(),
      eventKey: hudEventKey({ ...draft, entityRef: '' }),
      payloadDigest: draft.payloadDigest,
      source: draft.source,
      deliveryId: draft.deliveryId,
      type: draft.type,
      annotation: conflict.annotation,
      value: conflict.value,
      problem: conflict.problem,
      claimants: conflict.claimants,
      reason: refusal.reason,
      receivedAt: this.now().toISOString(),
      payload: draft.payload,
    });
    if (!created) return { status: 'duplicate' };
    this.options.logger.warn(
      `Build HUD: parked ${draft.source} ${draft.type} delivery ${draft.deliveryId}: ${refusal.reason}`,
    );
    for (const claimant of conflict.claimants) {
      await this.options.signals.publish(claimant, HUD_SIGNAL_TOPIC);
    }
    return { status: 'parked' };
  }

  /** `GET /hud/unrouted`: parked deliveries, of one claimant or all. */
  list(query: { entityRef?: string } = {}): Promise<HudUnroutedDeliveries[]> {
    return this.options.store.list(query);
  }
}
