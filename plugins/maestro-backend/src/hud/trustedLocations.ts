/*
 * Which catalog locations may claim a repository or a Tekton pipeline for the
 * Build HUD. Anyone may register a catalog location in a portal, and an
 * entity claims a repository by carrying `github.com/project-slug`; without
 * this check a stranger's entity could receive another team's CI events.
 *
 * An entity is trusted when its `backstage.io/managed-by-origin-location`
 * (the location its catalog processing started from, which the catalog sets
 * itself and passes down to every entity a Location emits) is
 *
 * - one of the platform's `catalog.locations`, written the way the catalog
 *   writes it: `<type>:<target>`, where a `file` target is resolved against
 *   the backend's working directory with path.resolve, as the catalog's
 *   ConfigLocationEntityProvider does; or
 * - matched by a pattern of `maestro.hud.trustedLocations`, for entity
 *   providers (GitHub discovery and the like): the whole value is compared,
 *   `*` stands for any run of characters (`/` included), so
 *   `url:https://github.com/acme/*` trusts every location of the acme
 *   organization and `*` trusts every location. A relative `file:` pattern
 *   is resolved the same way as a configured file target.
 */
import { Config } from '@backstage/config';
import { isAbsolute, resolve } from 'node:path';

export type TrustedLocations = {
  /** Whether an entity with this origin location may receive CI events. */
  trusts(originLocation: string | undefined): boolean;
  /** For logs: what is trusted. */
  describe(): string;
};

/** `file:<absolute path>` for a relative file location, else as given. */
function resolveFileLocation(location: string, cwd: string): string {
  if (!location.startsWith('file:')) return location;
  const target = location.slice('file:'.length);
  return isAbsolute(target) ? location : `file:${resolve(cwd, target)}`;
}

function globPattern(pattern: string): RegExp {
  const parts = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}

export function readTrustedLocations(
  config: Config,
  cwd: string = process.cwd(),
): TrustedLocations {
  const configured = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).flatMap(location => {
    const type = location.getOptionalString('type');
    const target = location.getOptionalString('target');
    if (!type || !target) return [];
    return [
      type === 'file' ? `file:${resolve(cwd, target)}` : `${type}:${target}`,
    ];
  });
  const key = 'maestro.hud.trustedLocations';
  const patterns = (config.getOptionalStringArray(key) ?? []).map(
    (pattern, index) => {
      if (pattern.trim() === '') {
        throw new Error(`${key}[${index}] is empty`);
      }
      return resolveFileLocation(pattern.trim(), cwd);
    },
  );
  const exact = new Set(configured);
  const matchers = patterns.map(globPattern);
  return {
    trusts: origin =>
      origin !== undefined &&
      (exact.has(origin) || matchers.some(matcher => matcher.test(origin))),
    describe: () =>
      [
        `${configured.length} catalog.locations`,
        `${patterns.length} ${key} patterns`,
      ].join(' and '),
  };
}
