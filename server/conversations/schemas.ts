import { z } from 'zod';

export const InboxTabSchema = z.enum(['mine', 'unassigned', 'all']);
export const ConversationStatusSchema = z.enum(['open', 'snoozed', 'closed']);

export const ListConversationsInput = z.object({
  tab: InboxTabSchema.default('all'),
  status: ConversationStatusSchema.default('open'),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const ConversationIdInput = z.object({ conversationId: z.uuid() });

export type ListConversationsInput = z.infer<typeof ListConversationsInput>;
