import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Hud } from './hud/createHud';
import { createHudRouter } from './hud/createHudRouter';
import { HudMetricsAndAlerts } from './hud/metrics/createHudMetrics';
import { createHudMetricsRouter } from './hud/metrics/createHudMetricsRouter';
import { jsonBody } from './http/requestBodies';
import { createLedgerRouter } from './ledger/createLedgerRouter';
import { LedgerService } from './ledger/LedgerService';
import { createPolicyRouter } from './policy/createPolicyRouter';
import { PolicyService } from './policy/PolicyService';
import { createReleasesRouter } from './releases/createReleasesRouter';
import { ReleaseService } from './releases/ReleaseService';
import { createServicesRouter } from './services/createServicesRouter';
import { ServiceDirectory } from './services/ServiceDirectory';
import { SupplyChain } from './supplyChain/createSupplyChain';
import { createSupplyChainRouter } from './supplyChain/createSupplyChainRouter';

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
  policy: PolicyService;
  supplyChain: SupplyChain;
  hud: Hud;
  hudMetrics: HudMetricsAndAlerts;
  releases?: ReleaseService;
}): express.Router {
  const router = Router();
  // Before the JSON parser: evidence uploads are read as raw bytes, with
  // their own size limit, and its JSON routes parse their own bodies.
  router.use(createSupplyChainRouter({ ...options, ...options.supplyChain }));
  // CloudEvents and build events are read as raw bytes with their own limit.
  router.use(createHudRouter({ ...options, ...options.hud }));
  // Policy evaluation carries Dockerfiles and rendered manifests.
  router.use(jsonBody('12mb'));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(createLedgerRouter(options));
  router.use(createServicesRouter(options));
  router.use(createPolicyRouter(options));
  router.use(createReleasesRouter(options));
  router.use(createHudMetricsRouter({ ...options, ...options.hudMetrics }));
  return router;
}
