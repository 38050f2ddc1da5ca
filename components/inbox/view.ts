import { z } from 'zod';
import { CHANNEL_KINDS } from '@/db/schema/values';
import { ConversationStatusSchema, DeadlineFilterSchema, InboxSortSchema, InboxTabSchema, type ListConversationsInput } from '@/server/conversations/schemas';

/** The inbox's view lives in the URL (bookmarkable, shareable); bad values fall back to defaults. */
export const InboxViewSchema = z.object({
  tab: InboxTabSchema.catch('mine'),
  status: ConversationStatusSchema.catch('open'),
  sort: InboxSortSchema.catch('urgent'),
  unread: z.literal('1').optional().catch(undefined),
  channel: z.enum(CHANNEL_KINDS).optional().catch(undefined),
  assignee: z.union([z.uuid(), z.literal('none')]).optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
  label: z.uuid().optional().catch(undefined),
  deadline: DeadlineFilterSchema.optional().catch(undefined),
  campaign: z.string().min(1).max(200).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});

export type InboxView = z.infer<typeof InboxViewSchema>;
export type InboxViewPatch = { [K in keyof InboxView]?: InboxView[K] | null };

export const viewFromParams = (params: URLSearchParams): InboxView => InboxViewSchema.parse(Object.fromEntries(params));

export function listInput(view: InboxView): Omit<ListConversationsInput, 'limit' | 'cursor'> {
  return {
    tab: view.tab,
    status: view.status,
    sort: view.sort,
    unread: view.unread === '1' ? true : undefined,
    channel: view.channel,
    assignee: view.assignee,
    teamId: view.team,
    labelId: view.label,
    deadline: view.deadline,
    campaign: view.campaign,
    search: view.q?.trim() || undefined,
  };
}
