'use client';
import type { MessageKey } from '@/i18n/messages';
import type { MessageView } from '@/server/messages/view';
import { useLocale, useT } from '../i18n';
import { timeOfDay } from '../ui/time';

export function MessageBubble({ message: m }: { message: MessageView }) {
  const t = useT();
  const locale = useLocale();
  const outbound = m.direction === 'outbound';
  const automated = outbound && m.authorKind !== 'agent';
  return (
    <li className={`flex ${outbound ? 'justify-end' : 'justify-start'}`} data-testid="message" data-direction={m.direction}>
      <div
        className={`max-w-[70%] rounded-lg px-3 py-2 text-sm shadow-sm ${
          outbound ? (m.status === 'failed' ? 'bg-red-50 ring-1 ring-red-200' : 'bg-indigo-600 text-white') : 'bg-white ring-1 ring-slate-200'
        }`}
      >
        {automated && (
          <p className="mb-1 text-[11px] font-medium uppercase tracking-wide opacity-80">
            {t(`thread.author.${m.authorKind}` as MessageKey)}
          </p>
        )}
        <p className="whitespace-pre-wrap break-words">{m.body}</p>
        <p className={`mt-1 text-[11px] ${outbound && m.status !== 'failed' ? 'text-indigo-100' : 'text-slate-500'}`}>
          {timeOfDay(m.sentAt, locale)}
          {outbound && <> · {t(`thread.status.${m.status}` as MessageKey)}</>}
        </p>
        {m.status === 'failed' && m.error && (
          <p role="note" className="mt-1 text-xs text-red-700">
            {m.error.code ? `${m.error.code}: ` : ''}
            {m.error.message}
          </p>
        )}
      </div>
    </li>
  );
}
