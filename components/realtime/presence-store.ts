import { useSyncExternalStore } from 'react';
import type { ComposeMode, PresenceSnapshot } from '@/server/realtime/events';
import type { Person } from '@/server/users/view';

/** A typing signal lasts this long unless renewed: a closed tab never leaves "replying…" behind. */
export const TYPING_TTL_MS = 6_000;

type Typist = Person & { mode: ComposeMode; until: number };
type State = { online: ReadonlySet<string>; viewing: ReadonlyMap<string, Person[]>; typing: ReadonlyMap<string, Typist[]> };

/**
 * Who is online, who views and who types where: kept outside the query cache (it is not server
 * data one can refetch) in one small store that rows subscribe to by conversation.
 */
export function createPresenceStore() {
  let state: State = { online: new Set(), viewing: new Map(), typing: new Map() };
  const listeners = new Set<() => void>();
  const set = (next: Partial<State>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => state,
    snapshot(s: PresenceSnapshot) {
      set({ online: new Set(s.online), viewing: new Map(Object.entries(s.viewing)) });
    },
    online(userId: string, online: boolean) {
      const next = new Set(state.online);
      if (online) next.add(userId);
      else next.delete(userId);
      set({ online: next });
    },
    viewers(conversationId: string, viewers: Person[]) {
      const next = new Map(state.viewing);
      if (viewers.length) next.set(conversationId, viewers);
      else next.delete(conversationId);
      set({ viewing: next });
    },
    typing(conversationId: string, person: Person, mode: ComposeMode, typing: boolean, now: number) {
      const others = (state.typing.get(conversationId) ?? []).filter((t) => t.id !== person.id && t.until > now);
      const next = new Map(state.typing);
      next.set(conversationId, typing ? [...others, { ...person, mode, until: now + TYPING_TTL_MS }] : others);
      set({ typing: next });
    },
    /** Drops signals past their time (called by a timer while any are shown). */
    expire(now: number) {
      let changed = false;
      const next = new Map<string, Typist[]>();
      for (const [id, list] of state.typing) {
        const live = list.filter((t) => t.until > now);
        changed ||= live.length !== list.length;
        if (live.length) next.set(id, live);
      }
      if (changed) set({ typing: next });
    },
  };
}

export type PresenceStore = ReturnType<typeof createPresenceStore>;

const EMPTY: Person[] = [];
const NO_TYPISTS: Typist[] = [];

export function useViewers(store: PresenceStore, conversationId: string): Person[] {
  return useSyncExternalStore(store.subscribe, () => store.get().viewing.get(conversationId) ?? EMPTY, () => EMPTY);
}

export function useTypists(store: PresenceStore, conversationId: string): Typist[] {
  return useSyncExternalStore(store.subscribe, () => store.get().typing.get(conversationId) ?? NO_TYPISTS, () => NO_TYPISTS);
}

export function useOnline(store: PresenceStore): ReadonlySet<string> {
  return useSyncExternalStore(store.subscribe, () => store.get().online, () => store.get().online);
}
