import { describe, expect, it } from 'vitest';
import { quietHoursFor } from './quiet-hours';

const check = (iso: string, zone: string | null, lastInboundAt: Date | null = null) =>
  quietHoursFor({ now: new Date(iso), contactZone: zone, fallbackZone: 'Europe/Madrid', lastInboundAt });

describe('recipient quiet hours', () => {
  it('lets a send through between 08:00 and 20:00 in the contact zone, edges included', () => {
    expect(check('2026-11-21T07:00:00Z', 'Europe/Madrid').flagged).toBe(false); // 08:00 Madrid
    expect(check('2026-11-21T19:00:00Z', 'Europe/Madrid').flagged).toBe(false); // 20:00 Madrid
  });

  it('flags a send just before 08:00 and just after 20:00, offering 08:00 their time', () => {
    const early = check('2026-11-21T06:59:00Z', 'Europe/Madrid');
    expect(early).toEqual({ flagged: true, zone: 'Europe/Madrid', localTime: '07:59', sendAt: new Date('2026-11-21T07:00:00Z') });
    const late = check('2026-11-21T19:01:00Z', 'Europe/Madrid');
    expect(late).toMatchObject({ flagged: true, localTime: '20:01', sendAt: new Date('2026-11-22T07:00:00Z') });
  });

  it("uses the contact's zone, not the agent's", () => {
    // 15:00 in Madrid is 08:00 in Mexico City: fine; 14:59 Madrid is 07:59 there: flagged.
    expect(check('2026-11-21T14:00:00Z', 'America/Mexico_City').flagged).toBe(false);
    expect(check('2026-11-21T13:59:00Z', 'America/Mexico_City')).toMatchObject({ flagged: true, sendAt: new Date('2026-11-21T14:00:00Z') });
  });

  it('proposes the right instant across a DST change in the contact zone', () => {
    // Europe/Madrid moves from +02:00 to +01:00 on 2026-10-25 at 03:00.
    const before = check('2026-10-24T20:30:00Z', 'Europe/Madrid'); // 22:30 on the 24th (+02:00)
    expect(before).toMatchObject({ flagged: true, localTime: '22:30', sendAt: new Date('2026-10-25T07:00:00Z') }); // 08:00 +01:00
    // Spring forward on 2026-03-29 at 02:00: 08:00 that morning is +02:00.
    const spring = check('2026-03-29T00:30:00Z', 'Europe/Madrid'); // 01:30 (+01:00)
    expect(spring).toMatchObject({ flagged: true, sendAt: new Date('2026-03-29T06:00:00Z') });
    // New York's autumn change (2026-11-01): 08:00 that morning is -05:00.
    const ny = check('2026-11-01T05:30:00Z', 'America/New_York'); // 01:30 EDT
    expect(ny).toMatchObject({ flagged: true, sendAt: new Date('2026-11-01T13:00:00Z') });
  });

  it('never flags a reply to a message from the last 60 minutes', () => {
    const now = '2026-11-21T23:30:00Z';
    expect(check(now, 'Europe/Madrid', new Date('2026-11-21T22:45:00Z')).flagged).toBe(false);
    expect(check(now, 'Europe/Madrid', new Date('2026-11-21T22:29:00Z')).flagged).toBe(true);
  });

  it("falls back to the workspace zone when the contact's is unknown or invalid", () => {
    expect(check('2026-11-21T22:00:00Z', null)).toMatchObject({ flagged: true, zone: 'Europe/Madrid' });
    expect(check('2026-11-21T22:00:00Z', 'Mars/Olympus')).toMatchObject({ flagged: true, zone: 'Europe/Madrid' });
  });
});
