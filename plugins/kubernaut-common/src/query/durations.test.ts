import { parseAgeRange, parseDuration } from './durations';

const now = new Date('2026-11-21T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const AND = new Set(['and', 'to']);
const read = (text: string) => parseAgeRange(text.split(' '), 0, AND, now);

describe('parseDuration', () => {
  it.each([
    ['3h', 3 * 3_600_000],
    ['an hour', 3_600_000],
    ['a couple of days', 2 * 86_400_000],
    ['half an hour', 1_800_000],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text.split(' '), 0)?.ms).toBe(ms);
  });
});

describe('parseAgeRange', () => {
  it('borrows the unit of the other end, compact or spelled out', () => {
    expect(read('6 and 2h ago')).toEqual({
      since: hoursAgo(6),
      until: hoursAgo(2),
      used: 4,
    });
    expect(read('6 to 2 hours ago')?.used).toBe(5);
  });

  it('counts the dashed form as the tokens typed', () => {
    expect(read('2-6 hours ago and more')).toEqual({
      since: hoursAgo(6),
      until: hoursAgo(2),
      used: 3,
    });
  });

  it.each([
    'a and 2 hours ago',
    '6 and 2 hours',
    '6 or 2 hours ago',
    '6 and now',
    '2 hours and now',
    '2 and 2 hours ago',
    'critical and 2 hours ago',
  ])('is no age range: %j', text => {
    expect(read(text)).toBeUndefined();
  });
});
