/*
 * One way to write a Maestro route: who may call it, what it takes, which
 * permission it needs, then the handler. Every router builds its handlers
 * with `route()`, so credentials are read before anything else, input is
 * parsed by one zod schema (a bad field is a 400 naming it), and the
 * permission is checked before the handler runs.
 *
 *   router.post('/policy/bypass', kit.route({
 *     body: bypassSchema, what: 'policy bypass',
 *     permission: ({ input }) => ({
 *       permission: maestroPolicyBypassPermission,
 *       resourceRef: input.entityRef,
 *     }),
 *   }, async ({ input, actor, idempotencyKey, res }) => { ... }));
 *
 * Routes whose permission depends on something the handler must first look
 * up (the entity an exemption belongs to, the entity a build event
 * correlates to) call `authorize` in the handler.
 */
import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { parseInput } from '../auth/parseInput';
import { requirePermission } from '../auth/requirePermission';
import { idempotencyKeyOf } from '../idempotency/idempotencyKeyHeader';
import { IdempotencyKey } from '../idempotency/IdempotencyService';

/** Principals a route accepts; reads and CI writes take both. */
export type RoutePrincipal = 'user' | 'service';

/** A permission to check: a basic one, or a resource one on an entity. */
export type PermissionCheck =
  | BasicPermission
  | { permission: ResourcePermission; resourceRef: string };

/** Where a route's input comes from: the JSON body, the query string, or the path parameters merged into the query. */
type InputSource<S extends z.ZodType> =
  | { body: S; query?: never; pathAndQuery?: never }
  | { query: S; body?: never; pathAndQuery?: never }
  | { pathAndQuery: S; body?: never; query?: never }
  | { body?: never; query?: never; pathAndQuery?: never };

export type RouteSpec<S extends z.ZodType> = InputSource<S> & {
  /** Names the input in parse errors, such as `policy bypass` or `timeline query`. */
  what?: string;
  /** Defaults to users and services. */
  allow?: RoutePrincipal[];
  /** Checked after parsing, before the handler runs. */
  permission?:
    | PermissionCheck
    | ((call: { input: z.output<S> }) => PermissionCheck);
};

/** What a handler gets. */
export type RouteCall<S extends z.ZodType> = {
  req: express.Request;
  res: express.Response;
  credentials: BackstageCredentials;
  /** As the ledger names the caller (`user:default/ada`, `service:ci`). */
  actor: string;
  /** The parsed input; undefined when the spec names no schema. */
  input: z.output<S>;
  /** The request's Idempotency-Key scoped to the caller, if sent (a malformed header is a 400). */
  idempotencyKey(): IdempotencyKey | undefined;
  /** Checks a permission the spec could not name up front. */
  authorize(check: PermissionCheck): Promise<void>;
};

export type RouteKit = {
  route<S extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<S>,
    handler: (call: RouteCall<S>) => Promise<void>,
  ): express.RequestHandler;
  /** The permission check `route` uses, for code outside a route. */
  authorize(
    credentials: BackstageCredentials,
    check: PermissionCheck,
  ): Promise<void>;
};

const DEFAULT_ALLOW: RoutePrincipal[] = ['user', 'service'];

export function createRouteKit(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): RouteKit {
  const { httpAuth, permissions } = options;

  const authorize = (
    credentials: BackstageCredentials,
    check: PermissionCheck,
  ): Promise<void> =>
    'resourceRef' in check
      ? requirePermission({
          permissions,
          credentials,
          permission: check.permission,
          resourceRef: check.resourceRef,
        })
      : requirePermission({ permissions, credentials, permission: check });

  return {
    authorize,
    route(spec, handler) {
      return async (req, res, next) => {
        try {
          const credentials = await httpAuth.credentials(req, {
            allow: spec.allow ?? DEFAULT_ALLOW,
          });
          const input = readInput(spec, req);
          if (spec.permission) {
            await authorize(
              credentials,
              typeof spec.permission === 'function'
                ? spec.permission({ input })
                : spec.permission,
            );
          }
          const actor = actorOf(credentials);
          await handler({
            req,
            res,
            credentials,
            actor,
            input,
            idempotencyKey: () => idempotencyKeyOf(req, actor),
            authorize: check => authorize(credentials, check),
          });
        } catch (error) {
          next(error);
        }
      };
    },
  };
}

function readInput<S extends z.ZodType>(
  spec: RouteSpec<S>,
  req: express.Request,
): z.output<S> {
  const what = spec.what ?? 'request';
  if (spec.body) return parseInput(spec.body, req.body, what);
  if (spec.query) return parseInput(spec.query, req.query, what);
  if (spec.pathAndQuery) {
    return parseInput(
      spec.pathAndQuery,
      { ...req.query, ...req.params },
      what,
    );
  }
  return undefined as z.output<S>;
}
