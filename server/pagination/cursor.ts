import { z } from 'zod';
import { AppError } from '@/server/errors';

/**
 * Keyset cursor over (moment, [second moment, order,] id): opaque to clients, stable while new
 * rows arrive. `order` names the sort a two-moment cursor was cut for, so it is never reused
 * with another sort of the same shape.
 */
export type Keyset = { at: Date; id: string; then?: Date; order?: string };

const CursorSchema = z.union([
  z.tuple([z.iso.datetime(), z.uuid()]),
  z.tuple([z.iso.datetime(), z.uuid(), z.iso.datetime()]),
  z.tuple([z.iso.datetime(), z.uuid(), z.iso.datetime(), z.string().max(20)]),
]);

export function encodeCursor(k: Keyset): string {
  const parts = k.then ? [k.at.toISOString(), k.id, k.then.toISOString(), ...(k.order ? [k.order] : [])] : [k.at.toISOString(), k.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id, then, order] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!then) return { at: new Date(at), id };
    return order ? { at: new Date(at), id, then: new Date(then), order } : { at: new Date(at), id, then: new Date(then) };
  } catch {
    throw new AppError('INVALID_INPUT', 'cursor: not a cursor this API returned');
  }
}

/**
 * Cuts a page from rows fetched with `limit + 1`: the extra row only tells that more exist,
 * and the cursor points after the last row kept.
 */
export function keysetPage<R, V>(rows: R[], limit: number, keyOf: (row: R) => Keyset, view: (row: R) => V) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
