import { z } from 'zod';

/*
 * The shapes REST v1 (SPEC §11) adds around what the capabilities define: the error envelope
 * and the page. Bodies, queries and views come from each capability's own schemas.
 */

export const ApiError = z.object({
  error: z.object({ code: z.string().describe('INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, GONE, CONFLICT or a send refusal code'), message: z.string() }),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
