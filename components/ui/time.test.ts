import { describe, expect, it } from 'vitest';
import { clockTime, countdown, shortAge, shortDate } from './time';

describe('time formats', () => {
  it('reads a duration one way: days and hours, hours and minutes, minutes, then seconds', () => {
    expect(countdown(3 * 86_400_000 + 2 * 3_600_000)).toBe('3 d 2 h');
    expect(countdown(2 * 86_400_000)).toBe('2 d');
    expect(countdown(5 * 3_600_000 + 12 * 60_000 + 59_000)).toBe('5 h 12 min');
    expect(countdown(2 * 3_600_000)).toBe('2 h');
    expect(countdown(12 * 60_000 + 5_000)).toBe('12 min');
    expect(countdown(45_000)).toBe('45 s');
    expect(countdown(-5_000)).toBe('0 s');
  });

  it('writes times of day in 24 hours in the given zone, both languages', () => {
    const at = new Date('2026-11-21T09:42:00Z');
    expect(clockTime(at, 'Europe/Madrid', 'es')).toBe('10:42');
    expect(clockTime(at, 'Europe/Madrid', 'en')).toBe('10:42');
    expect(clockTime(at, 'America/Mexico_City', 'en')).toBe('03:42');
    expect(shortDate(at, 'Europe/Madrid', 'en')).toBe('Nov 21');
    expect(shortDate(at, 'Europe/Madrid', 'es')).toBe('21 nov');
  });

  it('gives a short age for the list', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(shortAge('2026-11-21T11:55:00Z', now, 'en')).toMatch(/^5\s?m/);
    expect(shortAge('2026-11-19T12:00:00Z', now, 'en')).toMatch(/^2\s?d/);
  });
});
