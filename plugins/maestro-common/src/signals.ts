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
 * What changed for an entity. `topic` names the capability (`ledger`, later
 * `builds`, `artifacts`, `releases`, `rollouts`, `environments`).
 *
 * @public
 */
export type MaestroEntitySignal = {
  topic: string;
  entityRef: string;
  /** Ledger sequence of the change, when it was recorded in the ledger. */
  sequence?: number;
  /** ISO 8601 time the change was committed. */
  at: string;
};
