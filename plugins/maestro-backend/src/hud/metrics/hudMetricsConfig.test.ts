import { ConfigReader } from '@backstage/config';
import { DEFAULT_HUD_ALERT_RULES } from '../../alerts/alertsConfig';
import { readHudMetricsConfig } from './hudMetricsConfig';

const read = (hud: object) =>
  readHudMetricsConfig(new ConfigReader({ maestro: { hud } }));

describe('readHudMetricsConfig', () => {
  it('defaults to 90 days of retention and the three seeded alert rules', () => {
    expect(readHudMetricsConfig(new ConfigReader({}))).toEqual({
      retentionDays: 90,
      previewTtlHours: undefined,
      alerts: DEFAULT_HUD_ALERT_RULES,
    });
    expect(
      DEFAULT_HUD_ALERT_RULES.map(r => [r.id, r.metric, r.threshold, r.title]),
    ).toEqual([
      [
        'high-failure-rate',
        'failureRate',
        0.1,
        'High build failure rate (>10%)',
      ],
      [
        'critical-vulnerabilities',
        'criticalVulnerabilities',
        0,
        'Critical vulnerabilities detected',
      ],
      ['policy-bypasses', 'policyBypasses', 0, 'Policy bypasses used'],
    ]);
    expect(DEFAULT_HUD_ALERT_RULES[0]).toMatchObject({
      windowDays: 7,
      minRuns: 5,
    });
  });

  it('replaces the defaults with configured rules, titled from their threshold', () => {
    const config = read({
      retentionDays: 30,
      previewTtlHours: 48,
      alerts: [
        { id: 'flaky', metric: 'failureRate', threshold: 0.25, windowDays: 3 },
        { id: 'cves', metric: 'criticalVulnerabilities', threshold: 4 },
        {
          id: 'bypass',
          metric: 'policyBypasses',
          threshold: 1,
          windowDays: 30,
          title: 'Bypass habit',
        },
      ],
    });
    expect(config.retentionDays).toBe(30);
    expect(config.previewTtlHours).toBe(48);
    expect(config.alerts).toEqual([
      {
        id: 'flaky',
        metric: 'failureRate',
        threshold: 0.25,
        windowDays: 3,
        minRuns: 1,
        title: 'High build failure rate (>25%)',
      },
      {
        id: 'cves',
        metric: 'criticalVulnerabilities',
        threshold: 4,
        windowDays: 7,
        minRuns: 1,
        title: 'More than 4 critical vulnerabilities',
      },
      {
        id: 'bypass',
        metric: 'policyBypasses',
        threshold: 1,
        windowDays: 30,
        minRuns: 1,
        title: 'Bypass habit',
      },
    ]);
    expect(read({ alerts: [] }).alerts).toEqual([]);
  });

  it.each([
    [{ retentionDays: 0 }, /retentionDays must be a whole number/],
    [{ previewTtlHours: -1 }, /previewTtlHours must be more than 0/],
    [
      { alerts: [{ id: 'x', metric: 'uptime', threshold: 1 }] },
      /alerts\[0\]\.metric must be one of failureRate/,
    ],
    [
      { alerts: [{ id: 'x', metric: 'failureRate', threshold: 10 }] },
      /failure rate from 0 to 1/,
    ],
    [
      { alerts: [{ id: 'x', metric: 'policyBypasses', threshold: -1 }] },
      /threshold must be 0 or more/,
    ],
    [
      {
        alerts: [
          { id: 'x', metric: 'policyBypasses', threshold: 0, windowDays: 365 },
        ],
      },
      /windowDays must be a whole number of days from 1 to 90/,
    ],
    [
      {
        alerts: [
          { id: 'x', metric: 'policyBypasses', threshold: 0 },
          { id: 'x', metric: 'failureRate', threshold: 0.1 },
        ],
      },
      /two rules with id 'x'/,
    ],
  ])('refuses %j', (hud, message) => {
    expect(() => read(hud)).toThrow(message);
  });
});
