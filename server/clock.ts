import { z } from 'zod';

/** Services take a Clock so tests can move time; rules take `now` as an argument. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A moment as views, events and the REST API carry it. */
export const Instant = z.iso.datetime().describe('ISO-8601, UTC');
