import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MAESTRO_ANNOTATIONS,
  normalizeEntityRef,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { HudCorrelation } from './types';

/** Finds the catalog entity a CI event belongs to. */
export interface HudEntityResolver {
  resolve(
    correlation: HudCorrelation,
  ): Promise<{ entityRef: string } | { reason: string }>;
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

const MAX_CACHE_ENTRIES = 5000;

/**
 * Reads the catalog with the plugin's own credentials: events arrive from CI,
 * not from a person whose view of the catalog should apply. An event names
 * its entity by ref (checked to exist), by repository (the
 * `github.com/project-slug` annotation) or by Tekton pipeline (the
 * `maestro.io/tekton-pipeline` annotation), tried in that order. Answers,
 * including "no entity", are cached for `cacheTtlMs` (a minute by default):
 * a busy repository sends an event per job step, and a newly registered
 * entity starts receiving events within that minute.
 */
export class CatalogHudEntityResolver implements HudEntityResolver {
  private readonly cache = new Map<
    string,
    { entityRef?: string; expiresAt: number }
  >();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  async resolve(
    correlation: HudCorrelation,
  ): Promise<{ entityRef: string } | { reason: string }> {
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
    if (correlation.repository) {
      const slug = repositorySlug(correlation.repository);
      if (slug) {
        const found = await this.cached(`slug:${slug}`, () =>
          this.byAnnotation(MAESTRO_ANNOTATIONS.githubProjectSlug, slug),
        );
        if (found) return { entityRef: found };
        reasons.push(
          `no catalog entity has ${MAESTRO_ANNOTATIONS.githubProjectSlug}: ${slug}`,
        );
      } else {
        reasons.push(
          `${correlation.repository} is not an owner/name repository`,
        );
      }
    }
    if (correlation.tektonPipeline) {
      const pipeline = correlation.tektonPipeline;
      const found = await this.cached(`pipeline:${pipeline}`, () =>
        this.byAnnotation(MAESTRO_ANNOTATIONS.tektonPipeline, pipeline),
      );
      if (found) return { entityRef: found };
      reasons.push(
        `no catalog entity has ${MAESTRO_ANNOTATIONS.tektonPipeline}: ${pipeline}`,
      );
    }
    if (reasons.length === 0) {
      return {
        reason:
          'The event names no entity: give an entity ref, a repository or a Tekton pipeline',
      };
    }
    return { reason: `No entity found: ${reasons.join('; ')}` };
  }

  private async cached(
    key: string,
    load: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.entityRef;
    const entityRef = await load();
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, {
      entityRef,
      expiresAt: now + (this.options.cacheTtlMs ?? 60_000),
    });
    return entityRef;
  }

  private async byRef(ref: string): Promise<string | undefined> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    return entity ? refOf(entity) : undefined;
  }

  /** Components first, then by ref, when several entities carry the value. */
  private async byAnnotation(
    annotation: string,
    value: string,
  ): Promise<string | undefined> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { [`metadata.annotations.${annotation}`]: value },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    const refs = items
      .map(entity => ({ entity, ref: refOf(entity) }))
      .sort(
        (a, b) =>
          Number(b.entity.kind.toLocaleLowerCase('en-US') === 'component') -
            Number(a.entity.kind.toLocaleLowerCase('en-US') === 'component') ||
          a.ref.localeCompare(b.ref),
      )
      .map(({ ref }) => ref);
    if (refs.length > 1) {
      this.options.logger.debug(
        `Several entities have ${annotation}: ${value} (${refs.join(
          ', ',
        )}); CI events go to ${refs[0]}`,
      );
    }
    return refs[0];
  }
}

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}
