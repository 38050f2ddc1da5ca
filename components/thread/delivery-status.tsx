'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { REASON_CODES } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import { explainFailure, FILE_MISSING } from '@/server/channels/provider-errors';
import type { MessageView } from '@/server/messages/view';
import { useLocale, useT } from '../i18n';
import { upsertThreadMessage } from '../realtime/cache';
import { useTRPC } from '../trpc';

/* How far an outbound message got (queued → sent → delivered → read), live as status webhooks arrive. */

const MARKS: Partial<Record<MessageView['status'], { mark: string; look: string }>> = {
  queued: { mark: '⏳', look: '' },
  sent: { mark: '✓', look: '' },
  delivered: { mark: '✓✓', look: '' },
  // Read stands out from delivered by colour, as people know it from their phones.
  read: { mark: '✓✓', look: 'text-tick-read font-semibold' },
  failed: { mark: '⚠', look: 'text-red-700' },
  unknown: { mark: '?', look: 'text-amber-800 font-semibold' },
};

export function DeliveryMark({ status }: { status: MessageView['status'] }) {
  const t = useT();
  const mark = MARKS[status];
  return (
    <span data-testid="delivery-status" className={mark?.look}>
      {mark && <span aria-hidden="true">{mark.mark} </span>}
      {t(`thread.status.${status}` as MessageKey)}
    </span>
  );
}

const isReason = (code: string): code is (typeof REASON_CODES)[number] => (REASON_CODES as readonly string[]).includes(code);

/** Why a message failed, in the user's language where Cadence knows the code, else in the provider's own words. */
function useExplanation(m: MessageView): { text: string; providerWords: string | null } | null {
  const t = useT();
  const locale = useLocale();
  if (!m.error) return null;
  const code = m.error.code;
  const ours = code ? (isReason(code) ? t(`reason.${code}`) : explainFailure(code, locale, m.error.message)) : null;
  // FILE_MISSING's detail is the list of files its explanation already names.
  const wordsOwn = m.error.message && code && !isReason(code) && code !== FILE_MISSING;
  if (ours) return { text: ours, providerWords: wordsOwn ? `${code}: ${m.error.message}` : null };
  return { text: [code, m.error.message].filter(Boolean).join(': '), providerWords: null };
}

/** A failed message says why and, when it may go again, offers "Retry"; an unknown one asks to check first. */
export function FailureNote({ message: m }: { message: MessageView }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const explanation = useExplanation(m);
  const retry = useMutation(
    trpc.messages.retry.mutationOptions({
      onSuccess: (message) => upsertThreadMessage(queryClient, trpc.messages.thread.pathKey(), message, (cached) => cached.status === 'failed'),
    }),
  );
  if (m.status === 'unknown') {
    return (
      <p role="note" className="mt-1 text-xs text-amber-900">
        {explainFailure('UNKNOWN', locale)}
      </p>
    );
  }
  if (m.status !== 'failed') return null;
  const refusal = retry.error?.data?.details?.refusal;
  const code = retry.error?.data?.appCode;
  const retryError = !retry.error
    ? null
    : typeof refusal === 'string'
      ? t(`thread.retry.refused.${refusal}` as MessageKey)
      : code && isReason(code)
        ? t(`reason.${code}`)
        : t('thread.retry.failed');
  return (
    <div className="mt-1 space-y-1 text-xs text-red-700">
      {explanation && (
        <p role="note">
          {explanation.text}
          {explanation.providerWords && <span className="block break-words opacity-75">{explanation.providerWords}</span>}
        </p>
      )}
      {m.retryable && (
        <button
          type="button"
          disabled={retry.isPending}
          onClick={() => retry.mutate({ conversationId: m.conversationId, messageId: m.id })}
          className="rounded bg-white px-2 py-0.5 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-100 disabled:opacity-50"
        >
          {retry.isPending ? t('thread.retry.pending') : t('thread.retry')}
        </button>
      )}
      {retryError && <p role="alert">{retryError}</p>}
    </div>
  );
}
