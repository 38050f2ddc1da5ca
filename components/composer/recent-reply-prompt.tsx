'use client';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

/** A colleague answered this client seconds ago: send a second reply only on purpose. */
export function RecentReplyPrompt({ name, at, onSend, onCancel }: { name: string; at: string; onSend(): void; onCancel(): void }) {
  const t = useT();
  const first = useRef<HTMLButtonElement>(null);
  // Cancel has the focus: a reflexive Enter must not answer the client twice.
  useEffect(() => first.current?.focus(), []);
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 1000));
  return (
    <div
      role="alertdialog"
      aria-labelledby="recent-title"
      aria-describedby="recent-body"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      className="mb-2 rounded border border-sky-300 bg-sky-50 p-3 text-sm"
      data-testid="recent-reply"
    >
      <p id="recent-title" className="font-medium text-sky-900">
        {t('recent.title', { name, seconds })}
      </p>
      <p id="recent-body" className="mt-0.5 text-sky-800">
        {t('recent.body')}
      </p>
      <div className="mt-2 flex gap-2">
        <button ref={first} type="button" onClick={onCancel} className="rounded border border-sky-400 px-3 py-1 text-sky-900 hover:bg-sky-100">
          {t('recent.cancel')}
        </button>
        <button type="button" onClick={onSend} className="rounded bg-sky-700 px-3 py-1 text-sky-50 hover:bg-sky-800">
          {t('recent.send')}
        </button>
      </div>
    </div>
  );
}
