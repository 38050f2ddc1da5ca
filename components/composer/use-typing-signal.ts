'use client';
import { useCallback, useEffect, useRef } from 'react';
import type { ComposeMode } from '@/server/realtime/events';
import { useRealtime } from '../realtime/realtime-provider';

// Renewed well inside the receivers' expiry (TYPING_TTL_MS), and dropped after a pause.
const RENEW_MS = 2_500;
const IDLE_MS = 4_000;

/** Tells colleagues in the conversation that I am writing, without a message per keystroke. */
export function useTypingSignal(conversationId: string, mode: ComposeMode) {
  const { typing } = useRealtime();
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastSent.current) typing(conversationId, mode, false);
    lastSent.current = 0;
  }, [conversationId, mode, typing]);

  const changed = useCallback(
    (text: string) => {
      if (!text.trim()) return stop();
      const now = Date.now();
      if (now - lastSent.current > RENEW_MS) {
        typing(conversationId, mode, true);
        lastSent.current = now;
      }
      if (idle.current) clearTimeout(idle.current);
      idle.current = setTimeout(stop, IDLE_MS);
    },
    [conversationId, mode, stop, typing],
  );

  useEffect(() => stop, [stop]);
  return { changed, stop };
}
