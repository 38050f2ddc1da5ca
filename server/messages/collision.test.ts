import { describe, expect, it } from 'vitest';
import { collidingReply, COLLISION_WINDOW_MS } from './collision';

const now = new Date('2026-11-22T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ana = (ms: number) => ({ authorId: 'ana', authorName: 'Ana', sentAt: ago(ms) });

describe('a reply colliding with a colleague’s', () => {
  it('asks when someone else replied less than 30 seconds ago, not at 30 seconds', () => {
    expect(collidingReply([ana(COLLISION_WINDOW_MS - 1)], 'luis', now)?.authorName).toBe('Ana');
    expect(collidingReply([ana(COLLISION_WINDOW_MS)], 'luis', now)).toBeNull();
  });

  it('never asks about my own replies', () => {
    expect(collidingReply([ana(1000)], 'ana', now)).toBeNull();
  });

  it('names the latest of several colleagues', () => {
    const replies = [ana(20_000), { authorId: 'eva', authorName: 'Eva', sentAt: ago(5_000) }];
    expect(collidingReply(replies, 'luis', now)?.authorName).toBe('Eva');
  });
});
