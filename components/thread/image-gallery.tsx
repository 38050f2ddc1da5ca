'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AttachmentView } from '@/server/files/view';
import { useT } from '../i18n';

/** A thread's viewable images, in the order they were sent, and the one shown full size. */
type Gallery = { open(id: string): void };
const GalleryContext = createContext<Gallery>({ open: () => {} });
export const useGallery = () => useContext(GalleryContext);

export const altOf = (a: AttachmentView, fallback: string) => a.caption || a.fileName || fallback;

/** An image the browser may show: stored, and a picture type (SVG is served only as a download). */
export const viewableImage = (a: AttachmentView) =>
  (a.kind === 'image' || a.kind === 'sticker') && a.url !== null && (a.mimeType ?? '').startsWith('image/') && a.mimeType !== 'image/svg+xml';

/**
 * Holds the thread's images and a modal viewer (a native <dialog>: focus stays inside, Esc
 * closes it and focus returns to the thumbnail); ← and → move between the thread's images.
 */
export function ImageGallery({ images, children }: { images: AttachmentView[]; children: ReactNode }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [shown, setShown] = useState<string | null>(null);
  const index = images.findIndex((i) => i.id === shown);
  const current = index >= 0 ? images[index] : undefined;
  const open = useCallback((id: string) => setShown(id), []);
  const move = useCallback(
    (step: number) => {
      if (index < 0 || images.length === 0) return;
      setShown(images[(index + step + images.length) % images.length]!.id);
    },
    [images, index],
  );
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (current && !d.open) d.showModal();
    if (!current && d.open) d.close();
  }, [current]);
  const gallery = useMemo(() => ({ open }), [open]);
  return (
    <GalleryContext.Provider value={gallery}>
      {children}
      <dialog
        ref={dialog}
        aria-label={current ? t('viewer.label', { n: index + 1, total: images.length }) : undefined}
        data-testid="image-viewer"
        onClose={() => setShown(null)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') move(1);
          else if (e.key === 'ArrowLeft') move(-1);
        }}
        // A click on the dimmed backdrop (the dialog itself, not its content) closes it.
        onClick={(e) => e.target === e.currentTarget && dialog.current?.close()}
        className="m-auto max-h-[100dvh] max-w-[100vw] bg-transparent p-0 backdrop:bg-slate-900/80"
      >
        {current?.url && (
          <figure className="flex flex-col items-center gap-2 p-2">
            <img src={current.url} alt={altOf(current, t('attachment.image'))} className="max-h-[80dvh] max-w-[95vw] rounded object-contain" />
            <figcaption className="flex w-full flex-wrap items-center justify-between gap-2 text-sm text-white">
              <span>{t('viewer.label', { n: index + 1, total: images.length })}{current.caption ? ` · ${current.caption}` : ''}</span>
              <span className="flex gap-1">
                {images.length > 1 && (
                  <>
                    <button type="button" onClick={() => move(-1)} aria-label={t('viewer.previous')} className="rounded bg-white/15 px-3 py-1 hover:bg-white/25">
                      ←
                    </button>
                    <button type="button" onClick={() => move(1)} aria-label={t('viewer.next')} className="rounded bg-white/15 px-3 py-1 hover:bg-white/25">
                      →
                    </button>
                  </>
                )}
                <button type="button" autoFocus onClick={() => dialog.current?.close()} className="rounded bg-white/15 px-3 py-1 hover:bg-white/25">
                  {t('viewer.close')}
                </button>
              </span>
            </figcaption>
            <p className="sr-only">{t('viewer.hint')}</p>
          </figure>
        )}
      </dialog>
    </GalleryContext.Provider>
  );
}
