import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  entityRefSchema,
  maestroExemptionManagePermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { parseInput } from '../auth/parseInput';
import { requirePermission } from '../auth/requirePermission';
import {
  idempotencyKeyOf,
  markReplay,
} from '../idempotency/idempotencyKeyHeader';
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
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { base, service, httpAuth, permissions } = options;
  const router = Router();
  const allow = { allow: ['user', 'service'] as Array<'user' | 'service'> };

  router.get(`${base}/exemptions`, async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(exemptionsQuery, req.query, 'exemptions query');
    res.json({ items: await service.listExemptions(query) });
  });

  router.post(
    `${base}/exemptions`,
    ...(options.bodyParsers ?? []),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, allow);
      const body = parseInput(options.schema, req.body, options.what);
      await requirePermission({
        permissions,
        credentials,
        permission: maestroExemptionManagePermission,
        resourceRef: body.entityRef,
      });
      const actor = actorOf(credentials);
      const { exemption, created, replayed } = await service.createExemption(
        body,
        actor,
        idempotencyKeyOf(req, actor),
      );
      markReplay(res, replayed);
      res.status(created ? 201 : 200).json(exemption);
    },
  );

  router.delete(`${base}/exemptions/:id`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const exemption = await service.getExemption(req.params.id);
    await requirePermission({
      permissions,
      credentials,
      permission: maestroExemptionManagePermission,
      resourceRef: exemption.entityRef,
    });
    await service.revokeExemption(exemption.id, actorOf(credentials));
    res.status(204).end();
  });

  return router;
}
