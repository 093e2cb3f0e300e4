/*
 * The gate checklist: one list of conditions a change must meet, each
 * contributed by the capability that knows about it (supply chain, policy,
 * release channels, later rollouts and environments). A promotion, a
 * rollback or an environment apply shows the same checklist and is blocked
 * by the same rule: anything not passed blocks.
 */

/** @public */
export type GateItemStatus = 'pass' | 'fail' | 'pending';

/** One condition of a checklist. @public */
export type GateItem = {
  /** Stable within its contributor, such as `supply-chain` or `approvals`. */
  id: string;
  /** Who contributed it: `supply-chain`, `policy`, `releases`, … */
  source: string;
  title: string;
  /** `pending` is a condition that time or people can still meet (soak, approvals). */
  status: GateItemStatus;
  /** Why, in words a service owner understands. */
  reason: string;
  /** Where to look or act (a Maestro page, an Argo CD application). */
  link?: string;
};

/** @public */
export type GateChecklist = {
  items: GateItem[];
  /** True when every item passed. */
  passed: boolean;
  /** Ids (`source/id`) of the items that did not pass. */
  blockedBy: string[];
  evaluatedAt: string;
};
