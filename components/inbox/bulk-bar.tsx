'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '@/server/auth/session';
import type { BulkKind } from '@/server/conversations/bulk';
import { isLead } from '@/server/access/roles';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

export type BulkDone = { bulkId: string; count: number; kind: BulkKind };

/** Every cached view of conversations may show one the bulk action changed. */
export function useRefreshConversations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    for (const key of [trpc.conversations.list.pathKey(), trpc.conversations.get.pathKey(), trpc.conversations.unreadCount.queryKey(), ['thread.firstScreen']]) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  };
}

/** Actions on the conversations chosen with x (SPEC §17), with their count; the undo toast follows. */
export function BulkBar({ ids, user, onDone, onClear }: { ids: string[]; user: SessionUser; onDone(done: BulkDone): void; onClear(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const refresh = useRefreshConversations();
  const [snoozing, setSnoozing] = useState(false);
  const directory = useQuery({ ...trpc.conversations.directory.queryOptions(), enabled: isLead(user.role) });
  const labels = useQuery(trpc.conversations.labels.queryOptions());
  const finish = (kind: BulkKind) => (r: { bulkId: string; count: number }) => {
    refresh();
    setSnoozing(false);
    onDone({ ...r, kind });
  };
  const close = useMutation(trpc.conversations.bulkClose.mutationOptions({ onSuccess: finish('close') }));
  const snooze = useMutation(trpc.conversations.bulkSnooze.mutationOptions({ onSuccess: finish('snooze') }));
  const assign = useMutation(trpc.conversations.bulkAssign.mutationOptions({ onSuccess: finish('assign') }));
  const label = useMutation(trpc.conversations.bulkLabel.mutationOptions({ onSuccess: finish('label') }));
  const read = useMutation(trpc.conversations.bulkMarkRead.mutationOptions({ onSuccess: (r, v) => finish(v.read ? 'read' : 'unread')(r) }));
  const pending = [close, snooze, assign, label, read].some((m) => m.isPending);
  const error = [close, snooze, assign, label, read].find((m) => m.error)?.error;
  const conversationIds = ids;

  const button = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50';
  return (
    <div role="toolbar" aria-label={t('bulk.label')} data-testid="bulk-bar" className="space-y-1 border-b border-amber-200 bg-amber-50 px-3 py-2">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="mr-1 text-xs font-semibold text-slate-800" data-testid="bulk-count">{t('bulk.count', { n: ids.length })}</span>
        <button type="button" disabled={pending} onClick={() => close.mutate({ conversationIds })} className={button}>{t('bulk.close')}</button>
        <div className="relative">
          <button type="button" aria-haspopup="menu" aria-expanded={snoozing} disabled={pending} onClick={() => setSnoozing((v) => !v)} className={button}>{t('bulk.snooze')}</button>
          {snoozing && (
            <div role="menu" aria-label={t('bulk.snooze')} onKeyDown={(e) => e.key === 'Escape' && setSnoozing(false)} className="absolute left-0 z-20 mt-1 w-48 rounded border border-slate-200 bg-white p-1 shadow-lg">
              {(['later_today', 'tomorrow', 'next_week'] as const).map((preset) => (
                <button key={preset} role="menuitem" type="button" autoFocus={preset === 'later_today'} onClick={() => snooze.mutate({ conversationIds, preset })} className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100">
                  {t(`actions.snooze.${preset}`)}
                </button>
              ))}
            </div>
          )}
        </div>
        {isLead(user.role) ? (
          <select aria-label={t('bulk.assign')} value="" disabled={pending} onChange={(e) => e.target.value && assign.mutate({ conversationIds, userId: e.target.value === 'none' ? null : e.target.value })} className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs">
            <option value="">{t('bulk.assign')}</option>
            <option value="none">{t('actions.unassigned')}</option>
            {directory.data?.users.filter((u) => !u.deactivated).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        ) : (
          <button type="button" disabled={pending} onClick={() => assign.mutate({ conversationIds, userId: user.id })} className={button}>{t('bulk.assignToMe')}</button>
        )}
        <select aria-label={t('bulk.addLabel')} value="" disabled={pending} onChange={(e) => e.target.value && label.mutate({ conversationIds, labelId: e.target.value, applied: true })} className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs">
          <option value="">{t('bulk.addLabel')}</option>
          {labels.data?.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        <button type="button" disabled={pending} onClick={() => read.mutate({ conversationIds, read: true })} className={button}>{t('bulk.markRead')}</button>
        <button type="button" disabled={pending} onClick={() => read.mutate({ conversationIds, read: false })} className={button}>{t('bulk.markUnread')}</button>
        <button type="button" onClick={onClear} className="ml-auto rounded px-1.5 py-0.5 text-xs text-slate-600 hover:bg-amber-100">{t('bulk.clear')}</button>
      </div>
      {error && <p role="alert" className="text-xs text-red-700">{errorText(t, error)}</p>}
    </div>
  );
}
