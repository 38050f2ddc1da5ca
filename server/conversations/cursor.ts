import { z } from 'zod';
import { AppError } from '@/server/errors';

/** Keyset cursor over (moment, [second moment,] id): opaque to clients, stable while new rows arrive. */
export type Keyset = { at: Date; id: string; then?: Date };

const CursorSchema = z.union([z.tuple([z.iso.datetime(), z.uuid()]), z.tuple([z.iso.datetime(), z.uuid(), z.iso.datetime()])]);

export const encodeCursor = (k: Keyset): string =>
  Buffer.from(JSON.stringify(k.then ? [k.at.toISOString(), k.id, k.then.toISOString()] : [k.at.toISOString(), k.id])).toString('base64url');

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id, then] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return then ? { at: new Date(at), id, then: new Date(then) } : { at: new Date(at), id };
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
