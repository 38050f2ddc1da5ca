/** Services take a Clock so tests can move time; rules take `now` as an argument. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };
