import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The one spelling of an entity ref Maestro stores and compares: complete
 * (`kind:namespace/name`, kind `component` and namespace `default` when left
 * out, unless `defaults` says otherwise) and lower-case, as the catalog
 * compares refs case-insensitively. Takes a ref, an entity or a compound
 * ref. Throws a TypeError from the catalog model when `ref` is not an
 * entity ref.
 *
 * @public
 */
export function normalizeEntityRef(
  ref: string | Entity | CompoundEntityRef,
  defaults: { defaultKind?: string; defaultNamespace?: string } = {},
): string {
  const compound =
    typeof ref === 'string'
      ? parseEntityRef(ref.trim(), {
          defaultKind: defaults.defaultKind ?? 'component',
          defaultNamespace: defaults.defaultNamespace ?? 'default',
        })
      : ref;
  return stringifyEntityRef(compound).toLocaleLowerCase('en-US');
}
