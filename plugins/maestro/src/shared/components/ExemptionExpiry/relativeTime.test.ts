import { relativeTime } from './relativeTime';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('relativeTime', () => {
  it.each([
    ['2026-11-28T12:00:00.000Z', 'in 5 days'],
    ['2026-11-21T12:00:00.000Z', '2 days ago'],
    ['2026-11-23T15:00:00.000Z', 'in 3 hours'],
    ['2026-11-23T11:50:00.000Z', '10 minutes ago'],
    ['2026-11-23T12:00:30.000Z', 'in 30 seconds'],
    ['2027-02-23T12:00:00.000Z', 'in 3 months'],
    ['2024-11-23T12:00:00.000Z', '2 years ago'],
  ])('describes %s as "%s"', (target, expected) => {
    expect(relativeTime(new Date(target), now)).toBe(expected);
  });
});
