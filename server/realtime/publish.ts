import type { Server } from 'socket.io';
import type { ClientToServerEvents, RealtimeEvent, RealtimePayload, ServerToClientEvents } from './events';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

// Shared through globalThis: the custom server and the Next.js bundle are two module graphs in one process.
const holder = globalThis as typeof globalThis & { __cadenceRealtime?: RealtimeServer };

export function setRealtimeServer(io: RealtimeServer | undefined): void {
  holder.__cadenceRealtime = io;
}

export const getRealtimeServer = (): RealtimeServer | undefined => holder.__cadenceRealtime;

export type Outgoing = { [E in RealtimeEvent]: { rooms: string[]; event: E; payload: RealtimePayload<E> } }[RealtimeEvent];

/**
 * Sends events to their rooms. Call it only after the transaction that caused them has
 * committed: an event for a rolled-back write would be a lie on every screen.
 */
export function publish(events: Outgoing[]): void {
  const io = holder.__cadenceRealtime;
  if (!io) return;
  for (const e of events) {
    // The union is correlated by construction; TypeScript cannot see through the spread.
    (io.to(e.rooms).emit as (event: string, payload: unknown) => boolean)(e.event, e.payload);
  }
}
