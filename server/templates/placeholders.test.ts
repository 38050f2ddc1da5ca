import { describe, expect, it } from 'vitest';
import { formatSessionStart, sessionValues, unknownPlaceholders } from './placeholders';

describe('session placeholders', () => {
  it("renders the start in the contact's zone, naming the zone, in their language", () => {
    expect(formatSessionStart('2026-03-03T16:00:00Z', 'Europe/Madrid', 'es')).toBe('martes 3 de marzo, 17:00 (hora de Madrid)');
    expect(formatSessionStart('2026-03-03T16:00:00Z', 'America/Mexico_City', 'es')).toBe('martes 3 de marzo, 10:00 (hora de Mexico City)');
    expect(formatSessionStart('2026-03-03T16:00:00Z', 'Europe/London', 'en')).toBe('Tuesday 3 March, 16:00 (London time)');
  });

  it('keeps the wall time right across a DST change in the zone', () => {
    // 2026-03-29 Madrid moves to +02:00: 16:00 UTC that day is 18:00 there.
    expect(formatSessionStart('2026-03-29T16:00:00Z', 'Europe/Madrid', 'es')).toBe('domingo 29 de marzo, 18:00 (hora de Madrid)');
  });

  it('has no value without a session, so the placeholder stays visible', () => {
    expect(sessionValues(null, 'Europe/Madrid', 'es')).toEqual({ 'session.start': null, 'session.link': null });
  });
});

describe('unknownPlaceholders', () => {
  it('accepts the known names and numbered parameters, and names the rest', () => {
    expect(unknownPlaceholders('Hola {{contact.first_name}}, {{agent.name}}: {{session.start}} {{session.link}} {{1}} {{12}}')).toEqual([]);
    expect(unknownPlaceholders('Hola {{contact.firstname}} {{order.total}}')).toEqual(['contact.firstname', 'order.total']);
  });
});
