import { mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createRouteKit } from './routeKit';

const change = createPermission({
  name: 'maestro.test.change',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** How Backstage's error middleware answers the errors routes throw. */
const STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
};

function appWith(options: { signedIn: boolean; allowed: boolean }) {
  const httpAuth = mockServices.httpAuth.mock({
    credentials: jest.fn(async () => {
      if (!options.signedIn) throw new AuthenticationError('No credentials');
      return {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/ada' },
      } as any;
    }),
  });
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests =>
      requests.map(() => ({
        result: options.allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
    ),
  });
  const handler = jest.fn();
  const { route } = createRouteKit({ httpAuth, permissions });
  const app = express();
  app.use(express.json());
  app.post(
    '/things',
    route(
      {
        body: z.object({ entityRef: z.string().min(3), count: z.number() }),
        what: 'thing',
        permission: ({ input }) => ({
          permission: change,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, idempotencyKey, res }) => {
        handler(input);
        res.status(201).json({ actor, input, key: idempotencyKey() ?? null });
      },
    ),
  );
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(STATUS[error.name] ?? 500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  return { app, handler, permissions };
}

describe('route', () => {
  it('reads credentials before the input: a caller without them gets 401 whatever it sent', async () => {
    const { app, handler } = appWith({ signedIn: false, allowed: true });
    const res = await request(app).post('/things').send({ nonsense: true });
    expect(res.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses bad input with a 400 naming the field, before asking for permission', async () => {
    const { app, handler, permissions } = appWith({
      signedIn: true,
      allowed: true,
    });
    const res = await request(app)
      .post('/things')
      .send({ entityRef: 'component:default/a', count: 'three' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid thing: count: /);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('checks the permission on the entity the input names: denied is 403 and the handler never runs', async () => {
    const { app, handler, permissions } = appWith({
      signedIn: true,
      allowed: false,
    });
    const res = await request(app)
      .post('/things')
      .send({ entityRef: 'component:default/a', count: 3 });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed to maestro.test.change');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: change, resourceRef: 'component:default/a' }],
      expect.anything(),
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('gives the handler the parsed input, the actor and the caller-scoped Idempotency-Key', async () => {
    const { app } = appWith({ signedIn: true, allowed: true });
    const res = await request(app)
      .post('/things')
      .set('Idempotency-Key', '"k-1"')
      .send({ entityRef: 'component:default/a', count: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      actor: 'user:default/ada',
      input: { entityRef: 'component:default/a', count: 3 },
      key: { caller: 'user:default/ada', key: 'k-1' },
    });
  });
});
