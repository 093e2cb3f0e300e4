/*
 * Which entity may own artifacts of which image repository. Without this
 * rule anyone allowed to ingest for their own entity could register another
 * team's repository and digest under it, and the real owner would meet a 409
 * for that digest from then on.
 *
 * An entity owns the repository its `maestro.io/image` annotation names, and
 * those `maestro.supplyChain.imageOwners` lists for it (an entity that ships
 * several images, or a migration between registries):
 *
 *   maestro:
 *     supplyChain:
 *       imageOwners:
 *         - entityRef: component:default/payments-api
 *           repositories: [registry.internal:5000/payments/api]
 *
 * An entity with neither owns no images. Both sides are compared normalized
 * (normalizeImageRepository), so `keycloak/keycloak` in the annotation owns
 * `docker.io/keycloak/keycloak`. The catalog is read with the plugin's own
 * credentials: the question is what the entity declares, not what the caller
 * may see (whether the caller may act for the entity is a permission,
 * checked before).
 */
import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  explainInvalidImageRepository,
  getImageRepository,
  imageOwnerRefSchema,
  MAESTRO_ANNOTATIONS,
  normalizeImageRepository,
} from '@maestro-conductor/backstage-plugin-maestro-common';

const KEY = 'maestro.supplyChain.imageOwners';

/** Repositories granted to entities beyond their annotation, by normalized entity ref. */
export type ImageOwnerGrants = ReadonlyMap<string, readonly string[]>;

/**
 * Reads `maestro.supplyChain.imageOwners`. Throws an Error naming the key
 * when an entry is wrong, so startup fails.
 */
export function readImageOwners(config: Config): ImageOwnerGrants {
  const grants = new Map<string, string[]>();
  const entries = config.getOptionalConfigArray(KEY) ?? [];
  entries.forEach((entry, index) => {
    const path = `${KEY}[${index}]`;
    const ref = imageOwnerRefSchema.safeParse(entry.getString('entityRef'));
    if (!ref.success) {
      throw new Error(
        `Invalid config ${path}.entityRef: ${ref.error.issues[0].message}`,
      );
    }
    const repositories = entry
      .getStringArray('repositories')
      .map((repository, n) => {
        const invalid = explainInvalidImageRepository(repository);
        if (invalid) {
          throw new Error(
            `Invalid config ${path}.repositories[${n}]: ${invalid}`,
          );
        }
        return normalizeImageRepository(repository);
      });
    const granted = grants.get(ref.data) ?? [];
    grants.set(ref.data, [...new Set([...granted, ...repositories])]);
  });
  return grants;
}

/** Decides whether an entity may own artifacts of an image repository. */
export interface ImageOwnership {
  /**
   * Resolves when the entity owns the (normalized) repository; otherwise
   * throws NotAllowedError naming the entity's annotation and the repository.
   */
  assertOwns(entityRef: string, repository: string): Promise<void>;
}

export class CatalogImageOwnership implements ImageOwnership {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      grants: ImageOwnerGrants;
    },
  ) {}

  async assertOwns(entityRef: string, repository: string): Promise<void> {
    const granted = this.options.grants.get(entityRef) ?? [];
    if (granted.includes(repository)) return;
    const annotation = MAESTRO_ANNOTATIONS.image;
    const configured =
      granted.length > 0
        ? `, and ${KEY} grants it only ${granted.join(', ')}`
        : `, and ${KEY} grants it none`;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotAllowedError(
        `${entityRef} may not own images of ${repository}: the catalog has no such entity${configured}`,
      );
    }
    const owned = getImageRepository(entity);
    if (owned === repository) return;
    const raw = entity.metadata.annotations?.[annotation]?.trim();
    if (!raw) {
      throw new NotAllowedError(
        `${entityRef} may not own images of ${repository}: it has no ${annotation} annotation, so it owns no images${configured}. Annotate the entity with ${annotation}: ${repository}, or list the repository for it in ${KEY}`,
      );
    }
    const named = owned
      ? `its ${annotation} annotation names ${owned}`
      : `its ${annotation} annotation is invalid (${explainInvalidImageRepository(
          raw,
        )}), so it owns no images`;
    throw new NotAllowedError(
      `${entityRef} may not own images of ${repository}: ${named}${configured}`,
    );
  }
}
