'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs } from '@trpc/server';
import { useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '@/server/conversations/view';
import type { SessionUser } from '@/server/auth/session';
import { errorText } from '../error-text';
import type { AppRouter } from '@/server/router';
import { useLocale, useT } from '../i18n';
import { patchConversationLists } from '../realtime/cache';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';
import { isLead } from '@/server/access/roles';
import { SnoozePastDeadlineDetails, SnoozePrompt, type SnoozePastDeadline } from './snooze-prompt';

type SnoozeInput = inferRouterInputs<AppRouter>['conversations']['snooze'];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Close / reopen, snooze, assign, mark unread and labels, with e / s / a from the keyboard.
 * `onDone` is told after a close or a snooze: the inbox opens the next conversation.
 */
export function ConversationActions({ conversation: c, user, onDone }: { conversation: ConversationSummary; user: SessionUser; onDone?: () => void }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [snoozing, setSnoozing] = useState(false);
  const snoozeButton = useRef<HTMLButtonElement>(null);
  const [custom, setCustom] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const labels = useQuery(trpc.conversations.labels.queryOptions());
  const refresh = (updated?: ConversationSummary) => {
    if (updated) patchConversationLists(queryClient, trpc.conversations.list.pathKey(), updated, { userId: user.id, markUnread: false });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId: c.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.unreadCount.queryKey() });
  };
  const setStatus = useMutation(
    trpc.conversations.setStatus.mutationOptions({
      onSuccess: (u) => {
        refresh(u);
        if (u.status === 'closed') onDone?.();
      },
    }),
  );
  // The server answers SNOOZE_PAST_DEADLINE when the snooze would sleep through a required deadline; the menu asks.
  const [askPastDeadline, setAskPastDeadline] = useState<{ input: SnoozeInput; details: SnoozePastDeadline } | null>(null);
  const snooze = useMutation(
    trpc.conversations.snooze.mutationOptions({
      onSuccess: (u) => {
        setSnoozing(false);
        setAskPastDeadline(null);
        refresh(u);
        onDone?.();
      },
      onError: (error, input) => {
        const details = SnoozePastDeadlineDetails.safeParse(error.data?.details);
        if (error.data?.appCode === 'SNOOZE_PAST_DEADLINE' && details.success) setAskPastDeadline({ input, details: details.data });
      },
    }),
  );
  const assign = useMutation(trpc.conversations.assign.mutationOptions({ onSuccess: refresh }));
  const markUnread = useMutation(trpc.conversations.markUnread.mutationOptions({ onSuccess: () => refresh() }));
  const setLabel = useMutation(trpc.conversations.setLabel.mutationOptions({ onSuccess: () => refresh() }));
  const createLabel = useMutation(
    trpc.conversations.createLabel.mutationOptions({
      onSuccess: (label) => {
        setNewLabel('');
        void queryClient.invalidateQueries({ queryKey: trpc.conversations.labels.queryKey() });
        setLabel.mutate({ conversationId: c.id, labelId: label.id, applied: true });
      },
    }),
  );

  const toggleClosed = () => setStatus.mutate({ conversationId: c.id, change: { status: c.status === 'closed' ? 'open' : 'closed' } });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'e') toggleClosed();
      else if (e.key === 's') setSnoozing((v) => !v);
      else if (e.key === 'a' && c.assigneeId !== user.id) assign.mutate({ conversationId: c.id, userId: user.id });
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const button = 'rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50';
  return (
    <div role="toolbar" aria-label={t('actions.label')} className="flex flex-wrap items-center gap-1.5">
      {c.status === 'snoozed' && c.snoozedUntil && <span className="text-xs text-slate-500">{t('actions.snoozedUntil', { time: timeOfDay(c.snoozedUntil, locale) })}</span>}
      <button type="button" onClick={toggleClosed} disabled={setStatus.isPending} className={button}>
        {c.status === 'closed' ? t('actions.reopen') : t('actions.close')}
      </button>
      <div className="relative">
        <button ref={snoozeButton} type="button" aria-haspopup="menu" aria-expanded={snoozing} onClick={() => setSnoozing((v) => !v)} className={button}>
          {t('actions.snooze')}
        </button>
        {snoozing && (
          <div
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              setSnoozing(false);
              snoozeButton.current?.focus();
            }}
            className="absolute left-0 z-10 mt-1 w-56 space-y-1 rounded border border-slate-200 bg-white p-2 shadow-lg md:left-auto md:right-0">
            {/* A menu holds only its items; the custom time's field sits beside it, in the same popover. */}
            <div role="menu" aria-label={t('actions.snooze')} className="space-y-1">
              {(['later_today', 'tomorrow', 'next_week'] as const).map((preset) => (
                <button key={preset} role="menuitem" type="button" autoFocus={preset === 'later_today'} onClick={() => snooze.mutate({ conversationId: c.id, preset })} className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100">
                  {t(`actions.snooze.${preset}`)}
                </button>
              ))}
            </div>
            <form className="flex gap-1 border-t border-slate-100 pt-1" onSubmit={(e) => { e.preventDefault(); if (custom) snooze.mutate({ conversationId: c.id, until: new Date(custom).toISOString() }); }}>
              <input type="datetime-local" aria-label={t('actions.snooze.custom')} value={custom} onChange={(e) => setCustom(e.target.value)} className="min-w-0 flex-1 rounded border border-slate-300 px-1 text-xs" />
              <button type="submit" className="rounded bg-indigo-600 px-2 text-xs text-white">{t('actions.snooze.apply')}</button>
            </form>
            {askPastDeadline ? (
              <SnoozePrompt
                ask={askPastDeadline.details}
                pending={snooze.isPending}
                onKeep={() => { setAskPastDeadline(null); snooze.reset(); }}
                onAnyway={() => snooze.mutate({ ...askPastDeadline.input, pastDeadline: 'snooze_anyway' })}
              />
            ) : (
              snooze.error && <p role="alert" className="text-xs text-red-700">{errorText(t, snooze.error)}</p>
            )}
          </div>
        )}
      </div>
      {!isLead(user.role) ? (
        c.assigneeId !== user.id && (
          <button type="button" onClick={() => assign.mutate({ conversationId: c.id, userId: user.id })} className={button}>
            {t('actions.assignToMe')}
          </button>
        )
      ) : (
        <select aria-label={t('actions.assignee')} value={c.assigneeId ?? ''} onChange={(e) => assign.mutate({ conversationId: c.id, userId: e.target.value || null })} className="rounded border border-slate-300 px-1 py-0.5 text-xs">
          <option value="">{t('actions.unassigned')}</option>
          {directory.data?.users.map((u) => (
            <option key={u.id} value={u.id} disabled={u.deactivated}>
              {u.deactivated ? t('people.deactivatedName', { name: u.name }) : u.name}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={() => markUnread.mutate({ conversationId: c.id })} className={button}>
        {t('actions.markUnread')}
      </button>
      {c.labels.map((l) => (
        <button key={l.id} type="button" aria-label={t('actions.removeLabel', { name: l.name })} onClick={() => setLabel.mutate({ conversationId: c.id, labelId: l.id, applied: false })} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-red-50">
          {l.name} ×
        </button>
      ))}
      <select
        aria-label={t('actions.addLabel')}
        value=""
        onChange={(e) => e.target.value && setLabel.mutate({ conversationId: c.id, labelId: e.target.value, applied: true })}
        className="rounded border border-slate-300 px-1 py-0.5 text-xs"
      >
        <option value="">+ {t('actions.addLabel')}</option>
        {labels.data?.filter((l) => !c.labels.some((x) => x.id === l.id)).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
      </select>
      <form onSubmit={(e) => { e.preventDefault(); if (newLabel.trim()) createLabel.mutate({ name: newLabel }); }}>
        <input aria-label={t('actions.newLabel')} placeholder={t('actions.newLabel')} value={newLabel} onChange={(e) => setNewLabel(e.target.value)} className="w-28 rounded border border-slate-300 px-1 py-0.5 text-xs" />
      </form>
    </div>
  );
}
