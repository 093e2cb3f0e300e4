import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  getEntityRelations,
  useAsyncEntity,
} from '@backstage/plugin-catalog-react';

function useSurroundingEntity(): Entity | undefined {
  try {
    // Throws outside an EntityProvider, after the same context lookup it
    // makes inside one, so hook order holds either way.
    return useAsyncEntity().entity;
  } catch {
    return undefined;
  }
}

function sameEntity(entity: Entity, entityRef: string): boolean {
  try {
    const ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return (
      stringifyEntityRef(entity).toLocaleLowerCase('en-US') ===
      stringifyEntityRef(ref).toLocaleLowerCase('en-US')
    );
  } catch {
    return false;
  }
}

function ownerOf(entity: Entity): string | undefined {
  const [owner] = getEntityRelations(entity, RELATION_OWNED_BY);
  if (owner) {
    return stringifyEntityRef(owner);
  }
  // Entities that did not pass through the catalog have no relations yet.
  const specOwner = entity.spec?.owner;
  if (typeof specOwner !== 'string' || !specOwner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(specOwner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The owner (`group:default/payments-team`) of the entity `entityRef`
 * names, when the surrounding entity page shows that entity; undefined
 * elsewhere, e.g. for a card rendered on its own.
 */
export function useEntityOwner(entityRef: string): string | undefined {
  const entity = useSurroundingEntity();
  return entity && sameEntity(entity, entityRef) ? ownerOf(entity) : undefined;
}
