import {
  chartScale,
  labelledDays,
  MARGIN,
  niceMax,
  PLOT_HEIGHT,
  shortDate,
} from './chartGeometry';

describe('chart geometry', () => {
  it.each([
    [0, 1],
    [0.9, 1],
    [7, 10],
    [12, 20],
    [3, 4],
    [30, 40],
    [41, 100],
    [100, 100],
  ])('rounds a maximum of %d up to %d', (value, max) => {
    expect(niceMax(value)).toBe(max);
  });

  it('puts 0 on the axis and the maximum at the top of the plot', () => {
    const scale = chartScale(7, 10);
    expect(scale.y(0)).toBe(MARGIN.top + PLOT_HEIGHT);
    expect(scale.y(10)).toBe(MARGIN.top);
    expect(scale.x(0)).toBe(MARGIN.left + scale.band / 2);
  });

  it('labels the first, middle and last day', () => {
    expect(labelledDays(30)).toEqual([0, 14, 29]);
    expect(labelledDays(2)).toEqual([0, 1]);
    expect(labelledDays(1)).toEqual([0]);
    expect(labelledDays(0)).toEqual([]);
  });

  it('writes dates short, in UTC', () => {
    expect(shortDate('2026-11-23')).toBe('Nov 23');
  });
});
