/*
 * The metrics and retention keys of `maestro.hud`:
 *
 *   maestro:
 *     hud:
 *       retentionDays: 90          # raw events, runs and resolved alerts older than this are pruned daily
 *       previewTtlHours: 72        # optional: a preview counts as in use this long after it was last reported
 *       alerts: [...]              # the alert rules, read by alerts/alertsConfig.ts
 */
import { Config } from '@backstage/config';
import { HudAlertRule, readHudAlertRules } from '../../alerts/alertsConfig';

export type HudMetricsConfig = {
  retentionDays: number;
  /** Absent: a preview's TTL is not known, and every open PR's preview counts. */
  previewTtlHours?: number;
  alerts: HudAlertRule[];
};

export const DEFAULT_RETENTION_DAYS = 90;

export function readHudMetricsConfig(config: Config): HudMetricsConfig {
  const retentionDays =
    config.getOptionalNumber('maestro.hud.retentionDays') ??
    DEFAULT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(
      `maestro.hud.retentionDays must be a whole number of days from 1, got ${retentionDays}`,
    );
  }
  const previewTtlHours = config.getOptionalNumber(
    'maestro.hud.previewTtlHours',
  );
  if (previewTtlHours !== undefined && !(previewTtlHours > 0)) {
    throw new Error(
      `maestro.hud.previewTtlHours must be more than 0, got ${previewTtlHours}`,
    );
  }
  const alerts = readHudAlertRules(config);
  return { retentionDays, previewTtlHours, alerts };
}
