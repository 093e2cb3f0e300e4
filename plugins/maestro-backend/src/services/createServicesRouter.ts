import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { MaestroServiceList } from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { createRouteKit } from '../http/routeKit';
import { ServiceDirectory } from './ServiceDirectory';

/** HTTP surface of the service directory. */
export function createServicesRouter(options: {
  directory: ServiceDirectory;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { directory } = options;
  const { route } = createRouteKit(options);
  const router = Router();

  router.get(
    '/services',
    route({}, async ({ credentials, res }) => {
      const body: MaestroServiceList = {
        items: await directory.list(credentials),
      };
      res.json(body);
    }),
  );

  return router;
}
