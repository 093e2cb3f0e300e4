import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  approvalRequestSchema,
  entityRefSchema,
  maestroPolicyBypassPermission,
  maestroPromotePermission,
  maestroReleaseApprovePermission,
  maestroRollbackPermission,
  promotionQuerySchema,
  promotionRequestSchema,
  revisionsQuerySchema,
  rollbackRequestSchema,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createRouteKit, RouteCall } from '../http/routeKit';
import { ReleaseService } from './ReleaseService';

const lanesQuery = z.object({ entityRef: entityRefSchema });

/** A bypass of the gates needs the policy bypass permission on the entity as well. */
async function authorizeBypass(
  input: { entityRef: string; bypass?: unknown },
  authorize: RouteCall<z.ZodTypeAny>['authorize'],
): Promise<void> {
  if (input.bypass) {
    await authorize({
      permission: maestroPolicyBypassPermission,
      resourceRef: input.entityRef,
    });
  }
}

/**
 * HTTP surface of release channels. Without `maestro.releases.gitops` the
 * routes answer 503 saying so.
 */
export function createReleasesRouter(options: {
  releases?: ReleaseService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { route } = createRouteKit(options);
  const router = Router();
  const releases = () => {
    if (!options.releases) {
      throw new ServiceUnavailableError(
        'Release channels are not configured: set maestro.releases.gitops.repository',
      );
    }
    return options.releases;
  };

  router.get(
    '/releases',
    route(
      { query: lanesQuery, what: 'releases query' },
      async ({ input, credentials, res }) => {
        res.json(await releases().lanes(input.entityRef, credentials));
      },
    ),
  );

  router.get(
    '/releases/matrix',
    route({}, async ({ credentials, res }) => {
      res.json(await releases().matrix(credentials));
    }),
  );

  router.get(
    '/releases/revisions',
    route(
      { query: revisionsQuerySchema, what: 'revisions query' },
      async ({ input, credentials, res }) => {
        res.json({ items: await releases().revisions(input, credentials) });
      },
    ),
  );

  router.get(
    '/releases/checklist',
    route(
      { query: promotionQuerySchema, what: 'checklist query' },
      async ({ input, actor, credentials, res }) => {
        res.json(await releases().checklist(input, actor, credentials));
      },
    ),
  );

  router.get(
    '/releases/diff',
    route(
      { query: promotionQuerySchema, what: 'promotion diff query' },
      async ({ input, actor, credentials, res }) => {
        res.json(await releases().preview(input, actor, credentials));
      },
    ),
  );

  router.get(
    '/releases/approvals',
    route(
      { query: promotionQuerySchema, what: 'approvals query' },
      async ({ input, credentials, res }) => {
        res.json({ items: await releases().approvals(input, credentials) });
      },
    ),
  );

  router.post(
    '/releases/promotions',
    route(
      {
        body: promotionRequestSchema,
        what: 'promotion',
        permission: ({ input }) => ({
          permission: maestroPromotePermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, credentials, authorize, res }) => {
        await authorizeBypass(input, authorize);
        res
          .status(201)
          .json(await releases().promote(input, actor, credentials));
      },
    ),
  );

  router.post(
    '/releases/rollbacks',
    route(
      {
        body: rollbackRequestSchema,
        what: 'rollback',
        permission: ({ input }) => ({
          permission: maestroRollbackPermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, credentials, authorize, res }) => {
        await authorizeBypass(input, authorize);
        res
          .status(201)
          .json(await releases().rollback(input, actor, credentials));
      },
    ),
  );

  // People approve, not CI.
  router.post(
    '/releases/approvals',
    route(
      {
        allow: ['user'],
        body: approvalRequestSchema,
        what: 'approval',
        permission: ({ input }) => ({
          permission: maestroReleaseApprovePermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, credentials, res }) => {
        const { approval, created } = await releases().approve(
          input,
          actor,
          credentials,
        );
        res.status(created ? 201 : 200).json(approval);
      },
    ),
  );

  return router;
}
