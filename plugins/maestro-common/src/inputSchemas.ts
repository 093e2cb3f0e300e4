/**
 * Request field schemas (zod) shared by every Maestro route, so an entity ref
 * or a digest is checked and spelled the same way everywhere.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { normalizeEntityRef } from './entityRefs';
import { isImageDigest } from './images';

/**
 * Any entity ref, normalized (`kind:namespace/name`, lower-case).
 *
 * @public
 */
export const entityRefSchema = z
  .string()
  .min(1)
  .max(512)
  .transform((value, ctx) => {
    try {
      return normalizeEntityRef(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Kinds of entity that ship images and so may own artifacts, scans and
 * exemptions: a system or a group groups owners, it ships nothing itself.
 *
 * @public
 */
export const IMAGE_OWNER_KINDS: readonly string[] = ['component', 'resource'];

/**
 * An entity ref of a kind that may own images (components and resources).
 *
 * @public
 */
export const imageOwnerRefSchema = entityRefSchema.superRefine((ref, ctx) => {
  const { kind } = parseEntityRef(ref);
  if (!IMAGE_OWNER_KINDS.includes(kind)) {
    ctx.addIssue({
      code: 'custom',
      message: `${ref} is a ${kind}; only ${IMAGE_OWNER_KINDS.join(
        ' and ',
      )} entities own images, evidence and exemptions`,
    });
  }
});

/**
 * A `sha256:` image digest.
 *
 * @public
 */
export const digestSchema = z
  .string()
  .refine(
    isImageDigest,
    'must be a sha256 digest: sha256:<64 lower-case hex digits>',
  );
