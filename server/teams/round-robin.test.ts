import { describe, expect, it } from 'vitest';
import { nextInTurn, turnAfter } from './round-robin';

describe('whose turn it is', () => {
  it('gives the conversation to the member whose last turn is the oldest', () => {
    expect(
      nextInTurn([
        { userId: 'b', lastTurn: 5 },
        { userId: 'a', lastTurn: 9 },
        { userId: 'c', lastTurn: 1 },
      ]),
    ).toBe('c');
  });

  it('puts a member never given a turn first, and breaks ties by user id', () => {
    expect(nextInTurn([{ userId: 'b', lastTurn: 1 }, { userId: 'z', lastTurn: null }])).toBe('z');
    expect(nextInTurn([{ userId: 'y', lastTurn: null }, { userId: 'x', lastTurn: null }])).toBe('x');
  });

  it('gives nobody a turn when nobody is online', () => {
    expect(nextInTurn([])).toBeNull();
  });

  it('numbers each turn one past the latest, so turns taken in one instant still differ', () => {
    expect(turnAfter([])).toBe(1);
    expect(turnAfter([null, null])).toBe(1);
    expect(turnAfter([3, null, 7])).toBe(8);
  });
});
