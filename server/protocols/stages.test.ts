import { describe, expect, it } from 'vitest';
import { evaluateStages } from './stages';

const start = new Date('2026-11-20T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
// First contact: 2 h, 24 h, 72 h (calendar here, to keep the arithmetic visible).
const dues = [at(120), at(24 * 60), at(72 * 60)];
const msg = (id: string, minutes: number) => ({ id, at: at(minutes) });
const run = (personMessages: { id: string; at: Date }[], nowMinutes: number, stoppedAtMinutes?: number) =>
  evaluateStages({ dues, personMessages, startedAt: start, now: at(nowMinutes), stoppedAt: stoppedAtMinutes === undefined ? null : at(stoppedAtMinutes) }).map(
    (s) => `${s.status}${s.metByMessageId ? `:${s.metByMessageId}` : ''}`,
  );

describe('stage semantics', () => {
  it('each stage is met by the next person message after the one that met the previous stage', () => {
    expect(run([msg('a', 30), msg('b', 60), msg('c', 2000)], 2100)).toEqual(['met:a', 'met:b', 'met:c']);
  });

  it('is pending before its deadline with no message', () => {
    expect(run([], 60)).toEqual(['pending', 'pending', 'pending']);
  });

  it('is breached when the deadline passes with no message', () => {
    expect(run([], 121)).toEqual(['breached', 'pending', 'pending']);
    expect(run([], 24 * 60 + 1)).toEqual(['breached', 'breached', 'pending']);
  });

  it('a later message marks a breached stage met late; the next stage needs a later message', () => {
    expect(run([msg('late', 200)], 300)).toEqual(['met_late:late', 'pending', 'pending']);
    expect(run([msg('late', 200), msg('next', 400)], 500)).toEqual(['met_late:late', 'met:next', 'pending']);
  });

  it('one message meets only one stage', () => {
    expect(run([msg('only', 10)], 24 * 60 + 5)).toEqual(['met:only', 'breached', 'pending']);
  });

  it('messages before the start do not count (the automatic message is not a person and is never passed in)', () => {
    expect(run([{ id: 'before', at: new Date(start.getTime() - 1) }], 121)).toEqual(['breached', 'pending', 'pending']);
  });

  it('a stop cancels what is pending, and keeps what happened before it', () => {
    expect(run([msg('a', 30)], 3000, 200)).toEqual(['met:a', 'cancelled', 'cancelled']);
    expect(run([], 3000, 150)).toEqual(['breached', 'cancelled', 'cancelled']);
    // Messages after the stop change nothing.
    expect(run([msg('after', 300)], 3000, 150)).toEqual(['breached', 'cancelled', 'cancelled']);
  });
});
