import { HttpAuthService } from '@backstage/backend-plugin-api';
import { MaestroServiceList } from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { ServiceDirectory } from './ServiceDirectory';

/** HTTP surface of the service directory. */
export function createServicesRouter(options: {
  directory: ServiceDirectory;
  httpAuth: HttpAuthService;
}): express.Router {
  const { directory, httpAuth } = options;
  const router = Router();

  router.get('/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body: MaestroServiceList = {
      items: await directory.list(credentials),
    };
    res.json(body);
  });

  return router;
}
