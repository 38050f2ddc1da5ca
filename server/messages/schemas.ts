import { z } from 'zod';

export const ThreadInput = z.object({
  conversationId: z.uuid(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const SendFreeFormInput = z.object({
  conversationId: z.uuid(),
  body: z
    .string()
    .trim()
    .min(1, 'write a message before sending')
    .max(4096, 'at most 4096 characters'),
});

export type ThreadInput = z.infer<typeof ThreadInput>;
export type SendFreeFormInput = z.infer<typeof SendFreeFormInput>;
