/** Request shapes of the supply-chain routes (zod), turned into 400s by parseInput. */
import {
  digestSchema,
  entityRefSchema,
  explainInvalidImageRepository,
  imageOwnerRefSchema,
  isImageDigest,
  normalizeImageRepository,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { z } from 'zod';

export { digestSchema, entityRefSchema, imageOwnerRefSchema };

const DIGEST_MESSAGE =
  'must be a sha256 digest: sha256:<64 lower-case hex digits>';

/** An image repository, normalized: `nginx` becomes `docker.io/library/nginx`. */
export const repositorySchema = z.string().transform((value, ctx) => {
  const invalid = explainInvalidImageRepository(value);
  if (invalid) {
    ctx.addIssue({ code: 'custom', message: invalid });
    return z.NEVER;
  }
  return normalizeImageRepository(value);
});

/** `<repository>@sha256:<hex>`, split into its two parts, the repository normalized. */
export const imageSchema = z
  .string()
  .max(400)
  .transform((value, ctx) => {
    const at = value.lastIndexOf('@');
    if (at < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' has no digest; give <repository>@sha256:<64 hex digits> (tags do not identify an image)`,
      });
      return z.NEVER;
    }
    const repository = value.slice(0, at);
    const digest = value.slice(at + 1);
    const invalid = explainInvalidImageRepository(repository);
    if (invalid) {
      ctx.addIssue({ code: 'custom', message: invalid });
      return z.NEVER;
    }
    if (!isImageDigest(digest)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${digest}' ${DIGEST_MESSAGE}`,
      });
      return z.NEVER;
    }
    return { repository: normalizeImageRepository(repository), digest };
  });

export const channelSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be a channel name such as prod (lower-case letters, digits, dashes)',
  );

export const evidenceQuery = z.object({
  entityRef: imageOwnerRefSchema,
  image: imageSchema,
});

export const artifactRegistrationSchema = z
  .object({
    entityRef: imageOwnerRefSchema,
    repository: repositorySchema,
    digest: digestSchema,
    tags: z.array(z.string().trim().min(1).max(128)).max(100).optional(),
    commit: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/, 'must be a commit SHA (hex)')
      .optional(),
    branch: z.string().trim().min(1).max(255).optional(),
    pullRequest: z.number().int().positive().optional(),
    buildRunUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2048)
      .optional(),
  })
  .strict();

export const artifactReassignmentSchema = z
  .object({
    entityRef: imageOwnerRefSchema,
    reason: z
      .string()
      .trim()
      .min(10, 'say why, in at least 10 characters')
      .max(4000),
  })
  .strict();

export const artifactListQuery = z.object({
  entityRef: entityRefSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const componentQuery = z.object({
  search: z.string().trim().max(256).optional(),
  license: z.string().trim().min(1).max(256).optional(),
  type: z.string().trim().min(1).max(64).optional(),
  relationship: z.enum(['direct', 'transitive', 'unknown']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const vulnerabilityQuery = z.object({
  channel: channelSchema.optional(),
});

export const gateQuery = z.object({ channel: channelSchema });

export const diffQuery = z.object({
  from: z.string().min(1).max(64),
  to: z.string().min(1).max(64),
});

export const summaryQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  entityRef: entityRefSchema.optional(),
});

export const exemptionsQuery = z.object({
  entityRef: entityRefSchema.optional(),
  status: z.enum(['active', 'expired', 'revoked']).optional(),
});

export const exemptionSchema = z
  .object({
    entityRef: imageOwnerRefSchema,
    vulnerabilityId: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:-]{2,127}$/,
        'must be a vulnerability ID such as CVE-2021-44228 or GHSA-jfh8-c2jp-5v3q',
      ),
    packageName: z.string().trim().min(1).max(1024).optional(),
    scope: z
      .object({
        digest: digestSchema.optional(),
        channel: channelSchema.optional(),
      })
      .strict()
      .optional()
      .transform(scope =>
        scope && (scope.digest || scope.channel) ? scope : undefined,
      ),
    owner: z.string().trim().min(1, 'an exemption needs an owner').max(512),
    reason: z
      .string()
      .trim()
      .min(10, 'say why, in at least 10 characters')
      .max(4000),
    ticket: z.string().trim().min(1).max(256).optional(),
    expiresAt: z.iso.datetime({
      offset: true,
      message: 'must be an ISO 8601 date-time',
    }),
  })
  .strict();
