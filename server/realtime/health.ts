/*
 * What /api/health says about realtime. The custom server attaches socket.io and the Next.js
 * bundle answers /api/health: two module graphs in one process, so the state is kept on globalThis.
 */
export type RealtimeHealth = 'memory' | 'redis' | 'redis-down';

const holder = globalThis as typeof globalThis & { __cadenceRealtimeHealth?: () => RealtimeHealth };

export function setRealtimeHealth(read: (() => RealtimeHealth) | undefined): void {
  holder.__cadenceRealtimeHealth = read;
}

/** `memory` when no realtime server is attached with Redis (one process, events stay in it). */
export const realtimeHealth = (): RealtimeHealth => holder.__cadenceRealtimeHealth?.() ?? 'memory';
