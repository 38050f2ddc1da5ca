import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS } from './deadline';
import { fromNextDeadline } from './view';

describe('a next deadline read as JSON', () => {
  const read = {
    id: '7d0c7c6e-3f43-4a57-9d0e-0f4f4e3c2b1a',
    protocol: 'Primera respuesta',
    stage: 'first message',
    status: 'pending' as const,
    enforcement: 'required' as const,
    clock: 'business' as const,
    zone: 'Europe/Madrid',
    quietHours: null,
    // As PostgreSQL writes a timestamptz in JSON: microseconds and an offset.
    startedAt: '2026-11-21T09:00:00.123456+01:00',
    dueAt: '2026-11-21T11:00:00.789999+00:00',
    metAt: null,
  };

  it('writes its moments as toISOString does (milliseconds, UTC), as the rest of the API', () => {
    expect(fromNextDeadline(read)).toMatchObject({ startedAt: '2026-11-21T08:00:00.123Z', dueAt: '2026-11-21T11:00:00.789Z', metAt: null });
    expect(fromNextDeadline({ ...read, metAt: '2026-11-21T10:00:00+00:00' }).metAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it("takes the workspace's quiet hours, or the default when it has none", () => {
    expect(fromNextDeadline(read).quietHours).toEqual(DEFAULT_QUIET_HOURS);
    expect(fromNextDeadline({ ...read, quietHours: { start: '20:00', end: '09:00' } }).quietHours).toEqual({ start: '20:00', end: '09:00' });
  });
});
