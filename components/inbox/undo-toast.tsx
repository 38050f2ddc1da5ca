'use client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { useRefreshConversations, type BulkDone } from './bulk-bar';

// Long enough to notice and reach; the server honours the undo for ten minutes.
const SHOWN_MS = 20_000;

/** "3 cerradas · Deshacer": the one undo of the last bulk action, restoring what each conversation had. */
export function UndoToast({ done, onClose }: { done: BulkDone; onClose(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const refresh = useRefreshConversations();
  const [result, setResult] = useState<{ restored: number; skipped: number } | null>(null);
  const undo = useMutation(
    trpc.conversations.bulkUndo.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        refresh();
      },
    }),
  );
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const timer = setTimeout(() => close.current(), result ? 6_000 : SHOWN_MS);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <div role="status" data-testid="undo-toast" className="fixed bottom-4 left-1/2 z-50 flex max-w-[calc(100vw-2rem)] -translate-x-1/2 items-center gap-3 rounded-lg bg-slate-900 px-4 py-2 text-sm text-white shadow-lg">
      <span>
        {result
          ? result.skipped
            ? t('bulk.undoneSkipped', { restored: result.restored, skipped: result.skipped })
            : t('bulk.undone', { restored: result.restored })
          : undo.error
            ? errorText(t, undo.error)
            : t(`bulk.done.${done.kind}`, { n: done.count })}
      </span>
      {!result && !undo.error && (
        <button type="button" disabled={undo.isPending} onClick={() => undo.mutate({ bulkId: done.bulkId })} className="rounded px-2 py-0.5 font-semibold text-indigo-300 hover:bg-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300">
          {t('bulk.undo')}
        </button>
      )}
      <button type="button" aria-label={t('bulk.dismiss')} onClick={onClose} className="rounded px-1 text-slate-300 hover:bg-slate-800">×</button>
    </div>
  );
}
