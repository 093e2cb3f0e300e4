import { formatDuration, formatPercent } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '<1s'],
    [999, '<1s'],
    [12_000, '12s'],
    [60_000, '1m'],
    [450_000, '7m 30s'],
    [3_600_000, '1h'],
    [3_723_000, '1h 2m'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes nothing for a negative duration', () => {
    expect(formatDuration(-1)).toBe('');
  });
});

describe('formatPercent', () => {
  it('rounds to whole percent', () => {
    expect(formatPercent(0.916)).toBe('92%');
    expect(formatPercent(1)).toBe('100%');
  });
});
