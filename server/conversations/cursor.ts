import { z } from 'zod';
import { AppError } from '@/server/errors';

/** Keyset cursor over (moment, id): opaque to clients, stable while new rows arrive. */
export type Keyset = { at: Date; id: string };

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export const encodeCursor = (k: Keyset): string =>
  Buffer.from(JSON.stringify([k.at.toISOString(), k.id])).toString('base64url');

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw new AppError('INVALID_INPUT', 'cursor: not a cursor this API returned');
  }
}
