'use client';
import { useSyncExternalStore } from 'react';

/*
 * One ticking clock for every countdown on the page (not a timer per row), corrected by the
 * offset between the server's clock and the browser's.
 */
let offsetMs = 0;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

export function setServerTime(serverIso: string, receivedAt = Date.now()): void {
  offsetMs = Date.parse(serverIso) - receivedAt;
  now = Date.now() + offsetMs;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now() + offsetMs;
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Server-corrected "now" in milliseconds, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}
