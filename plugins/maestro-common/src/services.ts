/**
 * A catalog component under Maestro, as the Maestro page lists it.
 *
 * @public
 */
export type MaestroService = {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  lifecycle?: string;
  /** Entity ref of the owner, as the catalog resolved it. */
  owner?: string;
  /** Entity ref of the system the component belongs to. */
  system?: string;
  image: string;
  channels: string[];
  githubProjectSlug?: string;
  helmChart?: string;
  /** Ledger activity recorded for this entity. */
  ledger: { entries: number; lastRecordedAt?: string };
};

/** @public */
export type MaestroServiceList = { items: MaestroService[] };
