import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { createLedgerRouter } from './ledger/createLedgerRouter';
import { LedgerService } from './ledger/LedgerService';
import { createServicesRouter } from './services/createServicesRouter';
import { ServiceDirectory } from './services/ServiceDirectory';

/**
 * The plugin's HTTP API, one router per capability. Errors thrown here (from
 * `@backstage/errors`) are turned into HTTP responses by Backstage's error
 * middleware at the root of the backend.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  ledger: LedgerService;
  directory: ServiceDirectory;
}): express.Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(createLedgerRouter(options));
  router.use(createServicesRouter(options));
  return router;
}
