'use client';
import { useState } from 'react';
import type { MessageKey } from '@/i18n/messages';
import type { AttachmentView } from '@/server/files/view';
import { useLocale, useT } from '../i18n';
import { fileSize, playTime } from '../ui/file-size';
import { altOf, useGallery, viewableImage } from './image-gallery';

/** What a message carries (SPEC §14), each kind as it is best read; captions under the media. */
export function Attachments({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="mb-1 flex flex-col gap-1.5">
      {attachments.map((a) => (
        <li key={a.id} data-testid="attachment" data-kind={a.kind} data-status={a.status}>
          <Attachment a={a} />
          {a.caption && a.kind !== 'location' && a.kind !== 'contact' && <p className="mt-1 whitespace-pre-wrap break-words">{a.caption}</p>}
        </li>
      ))}
    </ul>
  );
}

function Attachment({ a }: { a: AttachmentView }) {
  const t = useT();
  if (a.kind === 'location') return <Location a={a} />;
  if (a.kind === 'contact') return <ContactCard a={a} />;
  if (a.status === 'failed') {
    return (
      <p role="note" className="rounded bg-slate-100 px-2 py-1.5 text-xs text-slate-700 ring-1 ring-slate-200">
        <span className="font-medium">{t(`attachment.${a.kind}` as MessageKey)}</span>
        {a.fileName ? ` · ${a.fileName}` : ''} — {t(`attachment.failed.${a.failure?.code ?? 'gone'}` as MessageKey)}
      </p>
    );
  }
  if (a.status === 'pending' || !a.url) {
    return (
      <p aria-busy="true" className="flex h-16 w-48 max-w-full items-center justify-center rounded bg-slate-100 text-xs text-slate-500 ring-1 ring-slate-200 animate-pulse">
        {t('attachment.pending')}
      </p>
    );
  }
  const type = a.mimeType ?? '';
  if (viewableImage(a)) return <Thumbnail a={a} url={a.url} />;
  if (type.startsWith('audio/')) return <AudioPlayer a={a} url={a.url} />;
  if (type.startsWith('video/')) return <video controls preload="metadata" src={a.url} aria-label={altOf(a, t('attachment.video'))} className="max-h-72 w-80 max-w-full rounded bg-black" />;
  return <DocumentCard a={a} url={a.url} />;
}

function Thumbnail({ a, url }: { a: AttachmentView; url: string }) {
  const t = useT();
  const gallery = useGallery();
  const alt = altOf(a, t(`attachment.${a.kind}` as MessageKey));
  return (
    <button type="button" onClick={() => gallery.open(a.id)} aria-label={t('attachment.open', { name: alt })} className="block rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
      <img src={url} alt={alt} loading="lazy" className={`${a.kind === 'sticker' ? 'h-28 w-28 object-contain' : 'max-h-60 w-64 max-w-full object-cover'} rounded`} />
    </button>
  );
}

function AudioPlayer({ a, url }: { a: AttachmentView; url: string }) {
  const t = useT();
  const [duration, setDuration] = useState<number | null>(null);
  return (
    <div className="flex flex-col gap-0.5">
      <audio
        controls
        preload="metadata"
        src={url}
        aria-label={altOf(a, t('attachment.audio'))}
        onLoadedMetadata={(e) => Number.isFinite(e.currentTarget.duration) && setDuration(e.currentTarget.duration)}
        className="h-10 w-64 max-w-full"
      />
      {duration !== null && (
        <span className="text-[11px] opacity-80" data-testid="audio-duration">
          {t('attachment.duration', { time: playTime(duration) })}
        </span>
      )}
    </div>
  );
}

function DocumentCard({ a, url }: { a: AttachmentView; url: string }) {
  const t = useT();
  const locale = useLocale();
  const name = a.fileName || t('attachment.document');
  return (
    <div className="flex w-64 max-w-full items-center gap-2 rounded bg-slate-50 px-2 py-1.5 text-slate-800 ring-1 ring-slate-200">
      <span aria-hidden className="rounded bg-slate-200 px-1.5 py-1 text-[10px] font-semibold uppercase">{(a.mimeType ?? '').split('/')[1]?.split(/[;+.-]/)[0]?.slice(0, 4) || 'file'}</span>
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium">{name}</span>
        {a.size !== null && <span className="text-xs text-slate-500">{fileSize(a.size, locale)}</span>}
      </span>
      <a href={url} download={a.fileName ?? true} className="rounded px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50">
        {t('attachment.download')}
      </a>
    </div>
  );
}

function Location({ a }: { a: AttachmentView }) {
  const t = useT();
  if (a.latitude === undefined || a.longitude === undefined) return null;
  const lat = a.latitude.toFixed(5);
  const lon = a.longitude.toFixed(5);
  return (
    <div className="w-64 max-w-full rounded bg-slate-50 px-2 py-1.5 text-slate-800 ring-1 ring-slate-200">
      <p className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{t('attachment.location')}</p>
      {a.name && <p className="font-medium">{a.name}</p>}
      {a.address && <p className="text-xs text-slate-600">{a.address}</p>}
      <p className="font-mono text-xs">
        {lat}, {lon}
      </p>
      <a
        href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`}
        target="_blank"
        rel="noopener noreferrer"
        className="text-xs font-medium text-indigo-700 hover:underline"
      >
        {t('attachment.openMap')}
      </a>
    </div>
  );
}

function ContactCard({ a }: { a: AttachmentView }) {
  const t = useT();
  return (
    <div className="w-64 max-w-full rounded bg-slate-50 px-2 py-1.5 text-slate-800 ring-1 ring-slate-200">
      <p className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{t('attachment.contact')}</p>
      <p className="font-medium">{a.name}</p>
      {(a.phones ?? []).map((phone) => (
        <a key={phone} href={`tel:${phone.replace(/[^\d+]/g, '')}`} className="block text-xs text-indigo-700 hover:underline">
          {phone}
        </a>
      ))}
    </div>
  );
}
