import { labelledDays, niceMax, shortDate, yTicks } from './chartAxes';

describe('chart axes', () => {
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

  it('ticks the y axis at 0, half-way and the top', () => {
    expect(yTicks(10)).toEqual([0, 5, 10]);
    expect(yTicks(1)).toEqual([0, 0.5, 1]);
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
