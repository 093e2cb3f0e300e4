/*
 * Correlation of a CI event to one catalog entity, unambiguously.
 *
 * An event names its entity by ref (checked to exist; the caller is then
 * authorized on it), by repository (`github.com/project-slug`) or by Tekton
 * pipeline (`maestro.io/tekton-pipeline`), tried in that order. For the two
 * annotations, every entity carrying the value is a claimant, and:
 *
 * - claimants from untrusted catalog locations (see trustedLocations.ts) are
 *   never given events; when a trusted claimant exists they are ignored with
 *   a warning in the log;
 * - exactly one trusted claimant gets the event; a Component outranks other
 *   kinds (an API or System of the same repository often carries its slug
 *   too), so one trusted Component beside trusted APIs still wins;
 * - several trusted claimants of the same rank are a conflict: the event goes
 *   to none of them, never to the first by name, and the answer names them;
 * - only untrusted claimants: refused, saying their location is not trusted.
 *
 * A conflict on the repository ends the search; the pipeline is only asked
 * when nothing routable claims the repository. Answers, refusals and "no
 * entity" included, are cached for `cacheTtlMs` (a minute by default): a busy
 * repository sends an event per job step, and a catalog change is seen
 * within that minute.
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MAESTRO_ANNOTATIONS,
  normalizeEntityRef,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { TrustedLocations } from './trustedLocations';
import { HudCorrelation } from './types';

/** Why an event that entities claim goes to none of them. */
export type HudCorrelationConflict = {
  /** The annotation matched, e.g. `github.com/project-slug`. */
  annotation: string;
  /** Its value, e.g. `acme/ledger-worker`. */
  value: string;
  /**
   * `ambiguous`: several trusted entities claim it; `untrusted`: only
   * entities from catalog locations Maestro does not trust do.
   */
  problem: 'ambiguous' | 'untrusted';
  /** The entity refs in conflict, sorted. */
  claimants: string[];
};

export type HudResolution =
  | { entityRef: string }
  | { reason: string; conflict?: HudCorrelationConflict };

/** Finds the catalog entity a CI event belongs to. */
export interface HudEntityResolver {
  resolve(correlation: HudCorrelation): Promise<HudResolution>;
}

/** `owner/name` from a slug or a repository URL, lower-case; undefined when it is neither. */
export function repositorySlug(value: string): string | undefined {
  const slug = value
    .trim()
    .replace(/^(https?:\/\/|git@)[^/:]+[/:]/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLocaleLowerCase('en-US');
  return /^[^/\s]+\/[^/\s]+$/.test(slug) ? slug : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
export function listRefs(refs: string[]): string {
  return refs.length <= 1
    ? refs.join('')
    : `${refs.slice(0, -1).join(', ')} and ${refs[refs.length - 1]}`;
}

/** What the claimants of one annotation value decide. */
type ClaimDecision =
  | { outcome: 'none' }
  | { outcome: 'routed'; entityRef: string }
  | { outcome: 'refused'; reason: string; conflict: HudCorrelationConflict };

type Claimant = { ref: string; component: boolean; origin?: string };

const MAX_CACHE_ENTRIES = 5000;

/**
 * Reads the catalog with the plugin's own credentials: events arrive from CI,
 * not from a person whose view of the catalog should apply.
 */
export class CatalogHudEntityResolver implements HudEntityResolver {
  private readonly cache = new Map<
    string,
    { answer: unknown; expiresAt: number }
  >();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      trusted: TrustedLocations;
      logger: LoggerService;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  async resolve(correlation: HudCorrelation): Promise<HudResolution> {
    if (correlation.entityRef) {
      let ref: string;
      try {
        ref = normalizeEntityRef(correlation.entityRef);
      } catch {
        return { reason: `${correlation.entityRef} is not an entity ref` };
      }
      const found = await this.cached(`ref:${ref}`, () => this.byRef(ref));
      return found
        ? { entityRef: found }
        : { reason: `No catalog entity ${ref}` };
    }
    const reasons: string[] = [];
    let untrusted: Extract<ClaimDecision, { outcome: 'refused' }> | undefined;
    const claims: Array<{ annotation: string; value: string }> = [];
    if (correlation.repository) {
      const slug = repositorySlug(correlation.repository);
      if (slug) {
        claims.push({
          annotation: MAESTRO_ANNOTATIONS.githubProjectSlug,
          value: slug,
        });
      } else {
        reasons.push(
          `${correlation.repository} is not an owner/name repository`,
        );
      }
    }
    if (correlation.tektonPipeline) {
      claims.push({
        annotation: MAESTRO_ANNOTATIONS.tektonPipeline,
        value: correlation.tektonPipeline,
      });
    }
    for (const { annotation, value } of claims) {
      const decision = await this.cached(`${annotation}:${value}`, () =>
        this.decide(annotation, value),
      );
      if (decision.outcome === 'routed')
        return { entityRef: decision.entityRef };
      if (decision.outcome === 'refused') {
        if (decision.conflict.problem === 'ambiguous') {
          return { reason: decision.reason, conflict: decision.conflict };
        }
        untrusted ??= decision;
      } else {
        reasons.push(`no catalog entity has ${annotation}: ${value}`);
      }
    }
    if (untrusted) {
      return { reason: untrusted.reason, conflict: untrusted.conflict };
    }
    if (reasons.length === 0) {
      return {
        reason:
          'The event names no entity: give an entity ref, a repository or a Tekton pipeline',
      };
    }
    return { reason: `No entity found: ${reasons.join('; ')}` };
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.answer as T;
    const answer = await load();
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, {
      answer,
      expiresAt: now + (this.options.cacheTtlMs ?? 60_000),
    });
    return answer;
  }

  private async byRef(ref: string): Promise<string | undefined> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    return entity ? refOf(entity) : undefined;
  }

  private async claimants(
    annotation: string,
    value: string,
  ): Promise<Claimant[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { [`metadata.annotations.${annotation}`]: value },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          `metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`,
        ],
      },
      { credentials },
    );
    return items
      .map(entity => ({
        ref: refOf(entity),
        component: entity.kind.toLocaleLowerCase('en-US') === 'component',
        origin: entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION],
      }))
      .sort((a, b) => (a.ref < b.ref ? -1 : Number(a.ref > b.ref)));
  }

  /** The rule in this file's header, for one annotation value. */
  private async decide(
    annotation: string,
    value: string,
  ): Promise<ClaimDecision> {
    const all = await this.claimants(annotation, value);
    if (all.length === 0) return { outcome: 'none' };
    const { logger, trusted } = this.options;
    const trustedOnes = all.filter(c => trusted.trusts(c.origin));
    const untrustedOnes = all.filter(c => !trusted.trusts(c.origin));
    const subject = `${annotation}: ${value}`;
    if (trustedOnes.length === 0) {
      const refs = untrustedOnes.map(c => c.ref);
      const origins = [
        ...new Set(untrustedOnes.map(c => c.origin ?? 'no origin location')),
      ];
      return {
        outcome: 'refused',
        reason: `${subject} is claimed only by ${listRefs(refs)}, from ${
          origins.length === 1 ? 'a catalog location' : 'catalog locations'
        } Maestro does not trust (${origins.join(
          ', ',
        )}); list it in catalog.locations or maestro.hud.trustedLocations`,
        conflict: { annotation, value, problem: 'untrusted', claimants: refs },
      };
    }
    const components = trustedOnes.filter(c => c.component);
    const rank = components.length > 0 ? components : trustedOnes;
    if (rank.length > 1) {
      const refs = rank.map(c => c.ref);
      return {
        outcome: 'refused',
        reason: `${listRefs(refs)} ${
          refs.length === 2 ? 'both' : 'all'
        } claim ${subject}; its events go to none of them until only one does`,
        conflict: { annotation, value, problem: 'ambiguous', claimants: refs },
      };
    }
    const [winner] = rank;
    if (untrustedOnes.length > 0) {
      const refs = untrustedOnes.map(c => c.ref);
      logger.warn(
        `Build HUD: ${listRefs(refs)} also ${
          refs.length === 1 ? 'claims' : 'claim'
        } ${subject} from untrusted catalog locations, ignored; its events go to ${
          winner.ref
        }`,
      );
    }
    return { outcome: 'routed', entityRef: winner.ref };
  }
}

function refOf(entity: Entity): string {
  return normalizeEntityRef(entity);
}
