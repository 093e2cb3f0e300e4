import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The one spelling of an entity ref Maestro stores and compares: complete
 * (`kind:namespace/name`, kind `component` and namespace `default` when left
 * out) and lower-case, as the catalog compares refs case-insensitively.
 * Throws a TypeError from the catalog model when `ref` is not an entity ref.
 *
 * @public
 */
export function normalizeEntityRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  ).toLocaleLowerCase('en-US');
}
