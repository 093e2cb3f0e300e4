/**
 * Live updates travel over Backstage signals, one channel per catalog entity,
 * so a page subscribes only to the service it shows. Messages are small
 * notices ("something changed, here is what"); clients fetch the data itself
 * over the REST API, which keeps permissions in one place and lets a client
 * that missed messages during a reconnect catch up with a single refetch.
 */

/** Prefix of every Maestro signals channel. @public */
export const MAESTRO_SIGNAL_CHANNEL_PREFIX = 'maestro:entity:';

/**
 * The signals channel for one catalog entity, from its full entity ref
 * (`kind:namespace/name`, lower-cased as the catalog does).
 *
 * @public
 */
export function maestroEntityChannel(entityRef: string): string {
  return `${MAESTRO_SIGNAL_CHANNEL_PREFIX}${entityRef.toLocaleLowerCase(
    'en-US',
  )}`;
}

/**
 * The topics of entity signals, one per capability. Backend and frontend name
 * them through this object only, so a view cannot listen for a topic that
 * nothing publishes.
 *
 * @public
 */
export const MAESTRO_SIGNAL_TOPICS = {
  /** Any ledger entry recorded for the entity. */
  ledger: 'ledger',
  /** Policy results, exemptions and bypasses. */
  policy: 'policy',
  /** Artifacts, evidence and vulnerability exemptions. */
  supplyChain: 'supply-chain',
  /** Build HUD runs, stages, pull requests, alerts and parked deliveries. */
  hud: 'hud',
  /** Release channel revisions and approvals. */
  releases: 'releases',
} as const;

/**
 * One of {@link MAESTRO_SIGNAL_TOPICS}.
 *
 * @public
 */
export type MaestroSignalTopic =
  (typeof MAESTRO_SIGNAL_TOPICS)[keyof typeof MAESTRO_SIGNAL_TOPICS];

/**
 * What changed for an entity; `topic` names the capability.
 *
 * @public
 */
export type MaestroEntitySignal = {
  topic: MaestroSignalTopic;
  entityRef: string;
  /** Ledger sequence of the change, when it was recorded in the ledger. */
  sequence?: number;
  /** ISO 8601 time the change was committed. */
  at: string;
};
