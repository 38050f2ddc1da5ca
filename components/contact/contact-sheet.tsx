'use client';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { ContactPanel } from './contact-panel';

/**
 * The contact panel where there is no room beside the thread (below 1024 px): a modal sheet from
 * the bottom. The native dialog keeps focus inside and closes on Escape.
 */
export function ContactSheet({ conversationId, onClose }: { conversationId: string; onClose(): void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-label={t('contact.panel')}
      onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && dialog.current?.close()}
      className="m-0 mt-auto max-h-[85dvh] w-full max-w-none overflow-hidden rounded-t-xl bg-white p-0 shadow-xl backdrop:bg-black/50 sm:mx-auto sm:max-w-lg lg:hidden"
    >
      <div className="flex max-h-[85dvh] flex-col">
        <div className="flex shrink-0 justify-end border-b border-slate-200 px-2 py-1">
          <button type="button" autoFocus onClick={() => dialog.current?.close()} className="rounded px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
            {t('inbox.closeContact')}
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto [&>aside]:w-full [&>aside]:border-l-0">
          <ContactPanel conversationId={conversationId} />
        </div>
      </div>
    </dialog>
  );
}
