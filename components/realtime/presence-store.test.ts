import { describe, expect, it } from 'vitest';
import { createPresenceStore, TYPING_TTL_MS } from './presence-store';

const ana = { id: 'ana', name: 'Ana' };

describe('presence store', () => {
  it('shows a typist until they stop or their signal lapses', () => {
    const store = createPresenceStore();
    store.typing('c1', ana, 'reply', true, 1000);
    expect(store.get().typing.get('c1')?.map((t) => t.name)).toEqual(['Ana']);
    store.expire(1000 + TYPING_TTL_MS - 1);
    expect(store.get().typing.get('c1')).toHaveLength(1);
    store.expire(1000 + TYPING_TTL_MS);
    expect(store.get().typing.get('c1')).toBeUndefined();
    store.typing('c1', ana, 'note', true, 5000);
    store.typing('c1', ana, 'note', false, 5001);
    expect(store.get().typing.get('c1')).toEqual([]);
  });

  it('keeps online users and viewers from the snapshot and the events after it', () => {
    const store = createPresenceStore();
    store.snapshot({ online: ['ana'], viewing: { c1: [ana] } });
    store.online('luis', true);
    store.online('ana', false);
    store.viewers('c1', []);
    expect([...store.get().online]).toEqual(['luis']);
    expect(store.get().viewing.has('c1')).toBe(false);
  });
});
