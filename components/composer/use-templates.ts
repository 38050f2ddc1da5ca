'use client';
import { useQuery } from '@tanstack/react-query';
import { renderTemplate } from '@/server/templates/render';
import { useTRPC } from '../trpc';

/** The conversation's templates, suggestions and placeholder values, and how to fill one. */
export function useConversationTemplates(conversationId: string) {
  const trpc = useTRPC();
  const query = useQuery(trpc.templates.forConversation.queryOptions({ conversationId }));
  const data = query.data;
  type Template = NonNullable<typeof data>['all'][number];
  const fill = (t: Template) => renderTemplate(t.body, data?.values ?? {});
  const suggestions = (data?.suggestions ?? []).map((id) => data!.all.find((t) => t.id === id)!).filter(Boolean);
  return { all: data?.all ?? [], suggestions, values: data?.values ?? {}, fill, loaded: query.isSuccess };
}

export type ConversationTemplate = ReturnType<typeof useConversationTemplates>['all'][number];
