import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from '../../auth/parseInput';
import { entityRefSchema } from '../../supplyChain/inputSchemas';
import { HudAlertService } from './HudAlertService';
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
  metrics: HudMetricsService;
  alerts: HudAlertService;
}): express.Router {
  const { httpAuth, metrics, alerts } = options;
  const router = Router();
  const allow = { allow: ['user', 'service'] as Array<'user' | 'service'> };

  router.get('/hud/metrics', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(metricsQuery, req.query, 'metrics query');
    res.json(await metrics.getMetrics(query));
  });

  router.get('/hud/alerts', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(alertsQuery, req.query, 'alerts query');
    res.json({ items: await alerts.listAlerts(query) });
  });

  return router;
}
