/*
 * The shared gate checklist. A capability that can say whether a change may
 * go ahead is a contributor: it looks at the subject (a promotion today; a
 * rollout step or an environment apply later) and answers items, each
 * pass, fail or pending with a reason. The checklist runs every
 * contributor, fails closed when one cannot answer, and blocks on anything
 * that did not pass.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GateChecklist,
  GateItem,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** What a contributor answers; `source` is filled in from the contributor. */
export type GateAnswer = Omit<GateItem, 'source'>;

/** One capability's part of a checklist over subjects of type `S`. */
export interface GateContributor<S> {
  /** Such as `supply-chain`, `policy`, `releases`; names the items' source. */
  source: string;
  /** Items for the subject; none when the contributor has nothing to say. */
  evaluate(subject: S): Promise<GateAnswer[]>;
}

export class GateChecklistRunner<S> {
  constructor(
    private readonly contributors: GateContributor<S>[],
    private readonly options: { logger: LoggerService; now?: () => Date },
  ) {}

  async evaluate(subject: S): Promise<GateChecklist> {
    const answers = await Promise.all(
      this.contributors.map(async (contributor): Promise<GateItem[]> => {
        try {
          const items = await contributor.evaluate(subject);
          return items.map(item => ({ ...item, source: contributor.source }));
        } catch (error) {
          // Fail closed: a gate that cannot be evaluated does not pass.
          this.options.logger.warn(
            `Gate ${contributor.source} could not be evaluated: ${error}`,
          );
          return [
            {
              id: 'evaluation',
              source: contributor.source,
              title: `${contributor.source} gate`,
              status: 'fail',
              reason: `Could not be evaluated: ${
                error instanceof Error ? error.message : String(error)
              }`,
            },
          ];
        }
      }),
    );
    const items = answers.flat();
    const blockedBy = items
      .filter(item => item.status !== 'pass')
      .map(item => `${item.source}/${item.id}`);
    return {
      items,
      passed: blockedBy.length === 0,
      blockedBy,
      evaluatedAt: (this.options.now?.() ?? new Date()).toISOString(),
    };
  }
}

/** `pass` when every condition holds. */
export function gateStatus(passed: boolean): GateAnswer['status'] {
  return passed ? 'pass' : 'fail';
}

/**
 * A contributor over another subject: each capability states what it needs
 * (an artifact and a channel, rendered manifests) and the checklist's owner
 * maps its own subject onto that.
 */
export function forSubject<S, T>(
  contributor: GateContributor<T>,
  map: (subject: S) => T,
): GateContributor<S> {
  return {
    source: contributor.source,
    evaluate: subject => contributor.evaluate(map(subject)),
  };
}
