import {
  entityRefSchema,
  maestroExemptionManagePermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RouteKit } from '../http/routeKit';
import { markReplay } from '../idempotency/idempotencyKeyHeader';
import { IdempotencyKey } from '../idempotency/IdempotencyService';
import { ExemptionCreation, ExemptionStatus } from './ExemptionLifecycle';

const exemptionsQuery = z.object({
  entityRef: entityRefSchema.optional(),
  status: z.enum(['active', 'expired', 'revoked']).optional(),
});

/** What the routes call; ExemptionLifecycle (and services over it) provide it. */
export interface ExemptionRoutesService<Request, Rec> {
  listExemptions(query: {
    entityRef?: string;
    status?: ExemptionStatus;
  }): Promise<Rec[]>;
  getExemption(id: string): Promise<Rec & { id: string; entityRef: string }>;
  createExemption(
    request: Request,
    actor: string,
    idempotency?: IdempotencyKey,
  ): Promise<ExemptionCreation<Rec>>;
  revokeExemption(id: string, actor: string): Promise<void>;
}

/**
 * `GET`, `POST` and `DELETE /<base>/exemptions[/:id]` for one kind of
 * exemption. Creating answers 201, or 200 with the existing exemption when
 * an identical one is active; revoking answers 204. Both need the
 * exemption-manage permission on the exemption's entity.
 */
export function createExemptionRoutes<
  Request extends { entityRef: string },
  Rec,
>(options: {
  /** Such as `/policy`. */
  base: string;
  service: ExemptionRoutesService<Request, Rec>;
  /** Parses a create body. */
  schema: z.ZodType<Request>;
  /** Names the body in parse errors, such as `policy exemption`. */
  what: string;
  /** Body parsers the create route needs when the router has none. */
  bodyParsers?: express.RequestHandler[];
  route: RouteKit['route'];
}): express.Router {
  const { base, service, route } = options;
  const router = Router();

  router.get(
    `${base}/exemptions`,
    route(
      { query: exemptionsQuery, what: 'exemptions query' },
      async ({ input, res }) => {
        res.json({ items: await service.listExemptions(input) });
      },
    ),
  );

  router.post(
    `${base}/exemptions`,
    ...(options.bodyParsers ?? []),
    route(
      {
        body: options.schema,
        what: options.what,
        permission: ({ input }) => ({
          permission: maestroExemptionManagePermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, idempotencyKey, res }) => {
        const { exemption, created, replayed } = await service.createExemption(
          input,
          actor,
          idempotencyKey(),
        );
        markReplay(res, replayed);
        res.status(created ? 201 : 200).json(exemption);
      },
    ),
  );

  router.delete(
    `${base}/exemptions/:id`,
    route({}, async ({ req, actor, authorize, res }) => {
      const exemption = await service.getExemption(req.params.id);
      await authorize({
        permission: maestroExemptionManagePermission,
        resourceRef: exemption.entityRef,
      });
      await service.revokeExemption(exemption.id, actor);
      res.status(204).end();
    }),
  );

  return router;
}
