import { describe, expect, it } from 'vitest';
import { autoMessageText } from './auto-text';
import { DEFAULT_QUIET_HOURS } from './deadline';
import { defaultAutoMessage, defaultOutOfHoursMessage } from './defaults';

const base = { zone: 'Europe/Madrid', quiet: DEFAULT_QUIET_HOURS, contactZone: null, language: 'es' as const, daytime: null, outOfHours: null };

describe('which automatic message goes out', () => {
  it('by day the daytime text; from 21:00 the out-of-hours one with the time the team is back', () => {
    expect(autoMessageText({ ...base, now: new Date('2026-11-20T19:59:00Z') })).toEqual({ body: defaultAutoMessage.es, values: {} });
    expect(autoMessageText({ ...base, now: new Date('2026-11-20T20:00:00Z') })).toEqual({ body: defaultOutOfHoursMessage.es, values: { 'team.back_at': '09:00' } });
    expect(autoMessageText({ ...base, now: new Date('2026-11-21T07:59:00Z'), language: 'en' }).body).toBe(defaultOutOfHoursMessage.en);
    expect(autoMessageText({ ...base, now: new Date('2026-11-21T08:00:00Z'), daytime: 'Mine' }).body).toBe('Mine');
  });

  it("the agent's own texts win over the defaults; the time back is in the contact's zone when known", () => {
    const night = { ...base, now: new Date('2026-11-20T22:00:00Z'), daytime: 'Day', outOfHours: 'Night' };
    expect(autoMessageText(night)).toEqual({ body: 'Night', values: { 'team.back_at': '09:00' } });
    expect(autoMessageText({ ...night, contactZone: 'America/Mexico_City' }).values).toEqual({ 'team.back_at': '02:00' });
    expect(autoMessageText({ ...night, contactZone: 'Not/AZone' }).values).toEqual({ 'team.back_at': '09:00' });
  });

  it('no default promises an answer in a moment at night', () => {
    for (const text of Object.values(defaultOutOfHoursMessage)) {
      expect(text).toContain('{{team.back_at}}');
      expect(text).not.toMatch(/moment|shortly|enseguida/i);
    }
  });
});
