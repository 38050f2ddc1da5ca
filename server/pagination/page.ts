import { z } from 'zod';

/** A page asked for over tRPC: the cursor the previous page returned (none for the first), and how many rows. */
export const PageInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

/** The same page in a REST query string, where every value is text and an empty one is left out. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
