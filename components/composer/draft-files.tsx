'use client';
import { useRef } from 'react';
import { outboundKindOf } from '@/server/files/outbound-limits';
import { useLocale, useT } from '../i18n';
import { fileSize } from '../ui/file-size';
import { limitSize, refusalText } from './refusal-text';
import type { DraftFile, RefusedFile } from './use-attachments';

const SIGNS = { image: '🖼️', audio: '🎤', video: '🎬', document: '📄' } as const;

/** The paperclip: a labelled button (the file input itself stays out of the tab order). */
export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled: boolean }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={disabled}
        aria-label={t('composer.attach')}
        title={t('composer.attach')}
        className="rounded border border-slate-300 px-2 py-2 text-sm leading-none text-slate-600 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-200 disabled:opacity-50"
      >
        {/* A paperclip: the emoji is missing from some systems' fonts. */}
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 fill-none stroke-current" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round">
          <path d="M15.5 9.5l-5.8 5.8a3.6 3.6 0 01-5.1-5.1l6.4-6.4a2.4 2.4 0 013.4 3.4l-6.3 6.3a1.2 1.2 0 01-1.7-1.7l5.6-5.6" />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
}

function FileState({ file }: { file: DraftFile }) {
  const t = useT();
  const locale = useLocale();
  if (file.state === 'uploading') {
    const percent = Math.round(file.progress * 100);
    return (
      <span className="flex items-center gap-1 text-[11px] text-slate-500">
        <progress max={100} value={percent} aria-label={t('composer.fileUploading', { percent })} className="h-1.5 w-14" />
        {percent} %
      </span>
    );
  }
  if (file.state === 'ready') return <span className="text-[11px] text-emerald-700">{t('composer.fileReady')}</span>;
  const code = file.error?.code;
  const reason =
    code === 'PAYLOAD_TOO_LARGE'
      ? t('composer.upload.PAYLOAD_TOO_LARGE', { limit: limitSize(file.error?.limit ?? 0, locale) })
      : code === 'INVALID_INPUT' || code === 'NETWORK'
        ? t(`composer.upload.${code}`)
        : t('composer.upload.other', { message: file.error?.message ?? '' });
  return <span className="text-[11px] text-red-700">{t('composer.fileFailed', { reason })}</span>;
}

/** What will be sent with the reply: a thumbnail or a sign, the name, size and upload state, and a remove button. */
export function DraftFileChips({ files, onRemove }: { files: DraftFile[]; onRemove: (localId: string) => void }) {
  const t = useT();
  const locale = useLocale();
  if (files.length === 0) return null;
  return (
    <ul aria-label={t('composer.files')} className="flex flex-wrap gap-2" data-testid="draft-files">
      {files.map((f) => (
        <li key={f.localId} className={`flex max-w-full items-center gap-2 rounded border px-2 py-1 ${f.state === 'failed' ? 'border-red-300 bg-red-50' : 'border-slate-200 bg-slate-50'}`} data-state={f.state}>
          {f.thumbnail ? (
            <img src={f.thumbnail} alt={f.name} className="h-10 w-10 shrink-0 rounded object-cover" />
          ) : (
            <span aria-hidden="true" className="text-xl">
              {SIGNS[outboundKindOf(f.mimeType)]}
            </span>
          )}
          <span className="flex min-w-0 flex-col">
            <span className="max-w-[10rem] truncate text-xs font-medium text-slate-800">{f.name}</span>
            <span className="flex flex-wrap items-center gap-x-2 text-[11px] text-slate-500">
              {fileSize(f.size, locale)}
              <FileState file={f} />
            </span>
          </span>
          <button
            type="button"
            onClick={() => onRemove(f.localId)}
            aria-label={t('composer.removeFile', { name: f.name })}
            className="rounded px-1.5 text-sm text-slate-500 hover:bg-slate-200 hover:text-slate-800 focus:outline-none focus:ring-2 focus:ring-indigo-200"
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Files refused before upload, each with the channel's reason and limit. */
export function RefusedFiles({ refused, channelKind, onDismiss }: { refused: RefusedFile[]; channelKind: string; onDismiss: () => void }) {
  const t = useT();
  const locale = useLocale();
  if (refused.length === 0) return null;
  return (
    <div role="alert" data-testid="refused-files" className="flex items-start gap-2 rounded bg-amber-50 px-3 py-1.5 text-sm text-amber-900 ring-1 ring-amber-200">
      <ul className="flex-1 space-y-0.5">
        {refused.map((r, i) => (
          <li key={i}>
            {t('composer.fileRefused', {
              name: r.name,
              reason: refusalText(t, locale, channelKind, r.refusal, { size: r.size, kind: r.kind }),
            })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss} className="rounded px-1.5 text-xs text-amber-900 hover:bg-amber-100" aria-label={t('composer.dismiss')}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
