import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  digestSchema,
  entityRefSchema,
  imageOwnerRefSchema,
  maestroIngestPermission,
  maestroPolicyBypassPermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createExemptionRoutes } from '../exemptions/createExemptionRoutes';
import { createRouteKit } from '../http/routeKit';
import { markReplay } from '../idempotency/idempotencyKeyHeader';
import { PolicyService } from './PolicyService';

const MAX_INPUT_CHARS = 10 * 1024 * 1024;

const evaluateSchema = z.object({
  entityRef: entityRefSchema.optional(),
  imageDigest: digestSchema.optional(),
  profile: z.enum(['default', 'strict']).optional(),
  store: z.boolean().default(false),
  source: z.enum(['api', 'ci', 'scaffolder', 'promotion']).default('api'),
  inputs: z
    .array(
      z.object({
        kind: z.enum(['dockerfile', 'kubernetes']),
        path: z.string().min(1).max(1024),
        content: z.string().max(MAX_INPUT_CHARS, 'is larger than 10 MB'),
      }),
    )
    .max(500)
    .default([]),
  /** `helm package` output, base64. */
  chart: z
    .object({
      archive: z
        .string()
        .min(1)
        .max(8 * 1024 * 1024, 'is larger than 5 MB'),
    })
    .optional(),
});

const exemptionSchema = z.object({
  entityRef: imageOwnerRefSchema,
  ruleId: z
    .string()
    .regex(
      /^[A-Z0-9][A-Z0-9-]{2,63}$/,
      'must be a rule ID such as MAESTRO-K8S-001',
    ),
  selector: z
    .object({
      resourceKind: z.string().max(128).optional(),
      resourceName: z.string().max(253).optional(),
      namespace: z.string().max(253).optional(),
      image: z.string().max(512).optional(),
      file: z.string().max(1024).optional(),
    })
    .strict()
    .default({}),
  owner: z.string().trim().min(1, 'an exemption needs an owner').max(512),
  reason: z
    .string()
    .trim()
    .min(10, 'say why, in at least 10 characters')
    .max(4000),
  ticket: z.string().trim().min(1, 'an exemption needs a ticket').max(256),
  expiresAt: z.iso.datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time',
  }),
});

const bypassSchema = z.object({
  entityRef: imageOwnerRefSchema,
  imageDigest: digestSchema.optional(),
  reason: z
    .string()
    .trim()
    .min(10, 'say why, in at least 10 characters')
    .max(4000),
});

const resultsQuery = z.object({
  entityRef: entityRefSchema.optional(),
  imageDigest: digestSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** HTTP surface of policy as code: rules, evaluation, results, exemptions, bypass. */
export function createPolicyRouter(options: {
  policy: PolicyService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { policy } = options;
  const { route } = createRouteKit(options);
  const router = Router();

  router.get(
    '/policy/rules',
    route({}, async ({ res }) => {
      res.json({ items: await policy.rules() });
    }),
  );

  router.post(
    '/policy/evaluate',
    route(
      { body: evaluateSchema, what: 'policy evaluation request' },
      async ({ input: body, actor, authorize, res }) => {
        // Storing needs the ingest permission on the entity; PolicyService
        // refuses `store` without an entity.
        if (body.store && body.entityRef) {
          await authorize({
            permission: maestroIngestPermission,
            resourceRef: body.entityRef,
          });
        }
        // Named field by field: a spread let `chart` pass unread, so a
        // packaged chart was silently left out of the evaluation.
        const result = await policy.evaluate({
          inputs: body.inputs,
          packagedChart: body.chart?.archive,
          entityRef: body.entityRef,
          imageDigest: body.imageDigest,
          profile: body.profile,
          store: body.store,
          source: body.source,
          actor,
        });
        res.status(body.store ? 201 : 200).json(result);
      },
    ),
  );

  router.get(
    '/policy/results',
    route(
      { query: resultsQuery, what: 'policy results query' },
      async ({ input, res }) => {
        res.json({ items: await policy.listResults(input) });
      },
    ),
  );

  router.use(
    createExemptionRoutes({
      base: '/policy',
      service: policy,
      schema: exemptionSchema,
      what: 'policy exemption',
      route,
    }),
  );

  router.post(
    '/policy/bypass',
    route(
      {
        body: bypassSchema,
        what: 'policy bypass',
        permission: ({ input }) => ({
          permission: maestroPolicyBypassPermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, idempotencyKey, res }) => {
        const { bypass, replayed } = await policy.bypass(
          input,
          actor,
          idempotencyKey(),
        );
        markReplay(res, replayed);
        res.status(201).json(bypass);
      },
    ),
  );

  return router;
}
