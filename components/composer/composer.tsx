'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useT } from '../i18n';
import { upsertThreadMessage } from '../realtime/cache';
import { useTRPC } from '../trpc';

export function Composer({ conversationId }: { conversationId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const send = useMutation(
    trpc.messages.send.mutationOptions({
      onSuccess: (message) => {
        setBody('');
        upsertThreadMessage(queryClient, trpc.messages.thread.pathKey(), message);
      },
    }),
  );

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (body.trim() && !send.isPending) send.mutate({ conversationId, message: { kind: 'free_form', body } });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  return (
    <form onSubmit={submit} className="shrink-0 border-t border-slate-200 bg-white p-3">
      {send.error && (
        <p role="alert" className="mb-2 rounded bg-red-50 px-3 py-1.5 text-sm text-red-700">
          {t('composer.failed', { reason: send.error.message })}
        </p>
      )}
      <div className="flex items-end gap-2">
        <textarea
          aria-label={t('composer.label')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
          maxLength={4096}
          placeholder={t('composer.placeholder')}
          className="min-h-[2.5rem] flex-1 resize-y rounded border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
        />
        <button
          type="submit"
          disabled={!body.trim() || send.isPending}
          className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          {send.isPending ? t('composer.sending') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
