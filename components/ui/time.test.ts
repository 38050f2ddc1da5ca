import { describe, expect, it } from 'vitest';
import { countdown, shortAge } from './time';

describe('time formats', () => {
  it('counts down in days, hours and minutes, then minutes and seconds', () => {
    expect(countdown(3 * 86_400_000 + 2 * 3_600_000)).toBe('3 d 2 h');
    expect(countdown(5 * 3_600_000 + 12 * 60_000 + 59_000)).toBe('5 h 12 min');
    expect(countdown(12 * 60_000 + 5_000)).toBe('12:05');
    expect(countdown(-5_000)).toBe('0:00');
  });

  it('gives a short age for the list', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(shortAge('2026-11-21T11:55:00Z', now, 'en')).toMatch(/^5\s?m/);
    expect(shortAge('2026-11-19T12:00:00Z', now, 'en')).toMatch(/^2\s?d/);
  });
});
