/*
 * The alert rules of `maestro.hud` (hud/metrics/hudMetricsConfig.ts reads the
 * metrics and retention keys beside them and these through readHudAlertRules):
 *
 *   maestro:
 *     hud:
 *       alerts:                    # replaces the three defaults below when given ([] turns alerts off)
 *         - id: high-failure-rate
 *           metric: failureRate    # failed / (succeeded + failed) runs over windowDays
 *           threshold: 0.1         # a breach is value > threshold
 *           windowDays: 7
 *           minRuns: 5             # fewer finished runs in the window: no verdict
 *         - id: critical-vulnerabilities
 *           metric: criticalVulnerabilities  # critical findings of the newest artifact
 *           threshold: 0
 *         - id: policy-bypasses
 *           metric: policyBypasses # emergency bypasses recorded over windowDays
 *           threshold: 0
 *           windowDays: 7
 */
import { Config } from '@backstage/config';

export const HUD_ALERT_METRICS = [
  'failureRate',
  'criticalVulnerabilities',
  'policyBypasses',
] as const;

export type HudAlertMetric = (typeof HUD_ALERT_METRICS)[number];

/** An alert rule as evaluated: every field resolved. */
export type HudAlertRule = {
  id: string;
  metric: HudAlertMetric;
  /** A breach is a value strictly above it. */
  threshold: number;
  /** Rolling window of failureRate and policyBypasses; criticalVulnerabilities reads the newest artifact. */
  windowDays: number;
  /** failureRate only: finished runs the window needs before the rate counts. */
  minRuns: number;
  title: string;
};
export const DEFAULT_ALERT_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 90;

export const DEFAULT_HUD_ALERT_RULES: HudAlertRule[] = [
  {
    id: 'high-failure-rate',
    metric: 'failureRate',
    threshold: 0.1,
    windowDays: 7,
    minRuns: 5,
    title: 'High build failure rate (>10%)',
  },
  {
    id: 'critical-vulnerabilities',
    metric: 'criticalVulnerabilities',
    threshold: 0,
    windowDays: DEFAULT_ALERT_WINDOW_DAYS,
    minRuns: 1,
    title: 'Critical vulnerabilities detected',
  },
  {
    id: 'policy-bypasses',
    metric: 'policyBypasses',
    threshold: 0,
    windowDays: 7,
    minRuns: 1,
    title: 'Policy bypasses used',
  },
];

const percent = (rate: number) =>
  `${Number((rate * 100).toFixed(2)).toString()}%`;

/** The title a rule without one gets, from its metric and threshold. */
export function defaultAlertTitle(
  rule: Omit<HudAlertRule, 'title' | 'id'>,
): string {
  switch (rule.metric) {
    case 'failureRate':
      return `High build failure rate (>${percent(rule.threshold)})`;
    case 'criticalVulnerabilities':
      return rule.threshold === 0
        ? 'Critical vulnerabilities detected'
        : `More than ${rule.threshold} critical vulnerabilities`;
    case 'policyBypasses':
      return rule.threshold === 0
        ? 'Policy bypasses used'
        : `More than ${rule.threshold} policy bypasses in ${rule.windowDays} days`;
    default:
      throw new Error(`Unknown alert metric ${rule.metric}`);
  }
}

function readRule(rule: Config, index: number): HudAlertRule {
  const where = `maestro.hud.alerts[${index}]`;
  const id = rule.getString('id');
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(id)) {
    throw new Error(
      `${where}.id must be 1 to 64 letters, digits, dots, dashes or underscores, got '${id}'`,
    );
  }
  const metric = rule.getString('metric') as HudAlertMetric;
  if (!HUD_ALERT_METRICS.includes(metric)) {
    throw new Error(
      `${where}.metric must be one of ${HUD_ALERT_METRICS.join(
        ', ',
      )}, got '${metric}'`,
    );
  }
  const threshold = rule.getNumber('threshold');
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new Error(`${where}.threshold must be 0 or more, got ${threshold}`);
  }
  if (metric === 'failureRate' && threshold >= 1) {
    throw new Error(
      `${where}.threshold is a failure rate from 0 to 1 (0.1 is 10%), got ${threshold}`,
    );
  }
  const windowDays =
    rule.getOptionalNumber('windowDays') ?? DEFAULT_ALERT_WINDOW_DAYS;
  if (
    !Number.isInteger(windowDays) ||
    windowDays < 1 ||
    windowDays > MAX_WINDOW_DAYS
  ) {
    throw new Error(
      `${where}.windowDays must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}, got ${windowDays}`,
    );
  }
  const minRuns = rule.getOptionalNumber('minRuns') ?? 1;
  if (!Number.isInteger(minRuns) || minRuns < 1) {
    throw new Error(`${where}.minRuns must be a whole number from 1`);
  }
  const resolved = { metric, threshold, windowDays, minRuns };
  return {
    id,
    ...resolved,
    title: rule.getOptionalString('title') ?? defaultAlertTitle(resolved),
  };
}

/** The rules of `maestro.hud.alerts`, or the three defaults when the key is absent. */
export function readHudAlertRules(config: Config): HudAlertRule[] {
  const configured = config.getOptionalConfigArray('maestro.hud.alerts');
  const alerts = configured
    ? configured.map(readRule)
    : DEFAULT_HUD_ALERT_RULES;
  const seen = new Set<string>();
  for (const rule of alerts) {
    if (seen.has(rule.id)) {
      throw new Error(`maestro.hud.alerts has two rules with id '${rule.id}'`);
    }
    seen.add(rule.id);
  }
  return alerts;
}
