import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getReleaseChannels,
  MAESTRO_ANNOTATIONS,
  MaestroService,
  normalizeEntityRef,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { LedgerService } from '../ledger/LedgerService';

/**
 * The catalog components under Maestro, read with the caller's credentials so
 * the catalog's own read permissions decide what each person sees.
 */
export class ServiceDirectory {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      ledger: LedgerService;
    },
  ) {}

  async list(credentials: BackstageCredentials): Promise<MaestroService[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${MAESTRO_ANNOTATIONS.image}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const services = items.map(toService);
    const activity = await this.options.ledger.activityByTarget(
      services.map(s => s.entityRef),
    );
    return services
      .map(service => ({
        ...service,
        ledger: activity.get(service.entityRef) ?? { entries: 0 },
      }))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }
}

function toService(entity: Entity): MaestroService {
  const annotations = entity.metadata.annotations ?? {};
  const relationTarget = (type: string) =>
    entity.relations?.find(r => r.type === type)?.targetRef;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    entityRef: normalizeEntityRef(entity),
    kind: entity.kind,
    namespace: getCompoundEntityRef(entity).namespace,
    name: entity.metadata.name,
    title: entity.metadata.title,
    description: entity.metadata.description,
    lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : undefined,
    owner:
      relationTarget(RELATION_OWNED_BY) ??
      refOrUndefined(spec.owner, 'group', entity),
    system:
      relationTarget(RELATION_PART_OF) ??
      refOrUndefined(spec.system, 'system', entity),
    image: annotations[MAESTRO_ANNOTATIONS.image],
    channels: getReleaseChannels(entity),
    githubProjectSlug: annotations[MAESTRO_ANNOTATIONS.githubProjectSlug],
    helmChart: annotations[MAESTRO_ANNOTATIONS.helmChart],
    ledger: { entries: 0 },
  };
}

function refOrUndefined(
  value: unknown,
  defaultKind: string,
  entity: Entity,
): string | undefined {
  if (typeof value !== 'string' || !value) {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(value, {
      defaultKind,
      defaultNamespace: getCompoundEntityRef(entity).namespace,
    }),
  );
}
