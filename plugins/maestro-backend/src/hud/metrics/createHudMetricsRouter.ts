import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { entityRefSchema } from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createRouteKit } from '../../http/routeKit';
import { HudAlertService } from '../../alerts/HudAlertService';
import { HUD_METRICS_DAYS, HudMetricsService } from './HudMetricsService';

export const metricsQuery = z.object({
  entityRef: entityRefSchema.optional(),
  days: z
    .enum(HUD_METRICS_DAYS.map(String) as ['7', '30', '90'], {
      error: 'must be 7, 30 or 90',
    })
    .default('7')
    .transform(days => Number(days) as (typeof HUD_METRICS_DAYS)[number]),
});

export const alertsQuery = z.object({
  entityRef: entityRefSchema.optional(),
});

/**
 * HTTP surface of Build HUD metrics and alerts (`GET /hud/metrics`,
 * `GET /hud/alerts` of the common contract). Reads, like the timeline: any
 * signed-in user or service.
 */
export function createHudMetricsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  metrics: HudMetricsService;
  alerts: HudAlertService;
}): express.Router {
  const { metrics, alerts } = options;
  const { route } = createRouteKit(options);
  const router = Router();

  router.get(
    '/hud/metrics',
    route(
      { query: metricsQuery, what: 'metrics query' },
      async ({ input, res }) => {
        res.json(await metrics.getMetrics(input));
      },
    ),
  );

  router.get(
    '/hud/alerts',
    route(
      { query: alertsQuery, what: 'alerts query' },
      async ({ input, res }) => {
        res.json({ items: await alerts.listAlerts(input) });
      },
    ),
  );

  return router;
}
