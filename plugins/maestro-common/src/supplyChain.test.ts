import {
  compareSeverity,
  countBySeverity,
  VULNERABILITY_SEVERITIES,
  VulnerabilitySeverity,
} from './supplyChain';

describe('severity helpers', () => {
  it('sorts the most urgent severity first', () => {
    const shuffled: VulnerabilitySeverity[] = [
      'low',
      'unknown',
      'critical',
      'negligible',
      'medium',
      'high',
    ];
    expect([...shuffled].sort(compareSeverity)).toEqual([
      ...VULNERABILITY_SEVERITIES,
    ]);
    expect(compareSeverity('high', 'high')).toBe(0);
    expect(compareSeverity('medium', 'critical')).toBeGreaterThan(0);
  });

  it('counts findings per severity, listing empty severities as zero', () => {
    expect(
      countBySeverity([
        { severity: 'high' },
        { severity: 'high' },
        { severity: 'unknown' },
      ]),
    ).toEqual({
      critical: 0,
      high: 2,
      medium: 0,
      low: 0,
      negligible: 0,
      unknown: 1,
    });
  });
});
