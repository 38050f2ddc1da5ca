import { z } from 'zod';

export const ListNotificationsInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(50).default(20),
});

/** Marks the listed notifications read, or every one of the user's when `ids` is left out. */
export const MarkReadInput = z.object({ ids: z.array(z.uuid()).min(1).max(200).optional() });

export type ListNotificationsInput = z.infer<typeof ListNotificationsInput>;
export type MarkReadInput = z.infer<typeof MarkReadInput>;
