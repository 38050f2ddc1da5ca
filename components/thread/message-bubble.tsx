'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MessageKey } from '@/i18n/messages';
import type { MessageView } from '@/server/messages/view';
import { useLocale, useT } from '../i18n';
import { upsertThreadMessage } from '../realtime/cache';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';
import { Attachments } from './attachments';
import { DeliveryMark, FailureNote } from './delivery-status';

export function MessageBubble({ message: m }: { message: MessageView }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.messages.cancelScheduled.mutationOptions({
      onSuccess: (message) => upsertThreadMessage(queryClient, trpc.messages.thread.pathKey(), message, (cached) => cached.status === 'scheduled'),
    }),
  );
  const outbound = m.direction === 'outbound';
  const automated = outbound && m.authorKind !== 'agent';
  const muted = m.status === 'scheduled' || m.status === 'cancelled';
  const troubled = m.status === 'failed' || m.status === 'unknown';
  const look = !outbound
    ? 'bg-white ring-1 ring-slate-200'
    : m.status === 'failed'
      ? 'bg-red-50 ring-1 ring-red-200'
      : m.status === 'unknown'
        ? 'bg-amber-50 ring-1 ring-amber-300'
        : muted
          ? 'bg-indigo-50 text-slate-800 ring-1 ring-dashed ring-indigo-300'
          : 'bg-indigo-600 text-white';
  const meta = outbound && !muted && !troubled ? 'text-white/80' : 'text-slate-600';
  return (
    <li className={`flex ${outbound ? 'justify-end' : 'justify-start'}`} data-testid="message" data-direction={m.direction} data-status={m.status}>
      <div className={`max-w-[85%] rounded-lg md:max-w-[70%] px-3 py-2 text-sm shadow-sm ${look} ${m.status === 'cancelled' ? 'opacity-60' : ''}`}>
        {(automated || m.kind !== 'free_form') && (
          <p className="mb-1 text-[11px] font-medium uppercase tracking-wide opacity-80">
            {automated && t(`thread.author.${m.authorKind}` as MessageKey)}
            {m.kind === 'template' && t('thread.kind.template')}
            {m.kind === 'tagged' && m.tag && t('thread.kind.tagged', { tag: m.tag })}
          </p>
        )}
        <Attachments attachments={m.attachments} />
        {/* A caption is shown under its media; the body repeats it only for search and previews. */}
        {m.body !== '' && m.body !== m.attachments.map((a) => a.caption ?? '').join('') && (
          <p className={`whitespace-pre-wrap break-words ${m.status === 'cancelled' ? 'line-through' : ''}`}>{m.body}</p>
        )}
        <p className={`mt-1 text-[11px] ${meta}`}>
          {m.status === 'scheduled' ? t('thread.scheduledFor', { time: timeOfDay(m.sentAt, locale) }) : timeOfDay(m.sentAt, locale)}
          {m.sentAtFromArrival && (
            <span title={t('thread.sentAtFromArrival.why')} data-testid="time-from-arrival">
              {' · '}
              {t('thread.sentAtFromArrival')}
            </span>
          )}
          {outbound && (
            <>
              {' · '}
              <DeliveryMark status={m.status} />
            </>
          )}
        </p>
        {m.status === 'scheduled' && (
          <button
            type="button"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate({ messageId: m.id })}
            className="mt-1 text-xs font-medium text-indigo-700 hover:underline"
          >
            {t('thread.cancelScheduled')}
          </button>
        )}
        {outbound && troubled && <FailureNote message={m} />}
      </div>
    </li>
  );
}
