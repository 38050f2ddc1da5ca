'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';

type Row = { id: string };

/**
 * Conversations that came into the list (by realtime, not by loading more) while it was
 * scrolled, above what is on screen: counted for the "N new" button instead of arriving
 * silently off-screen. `onArrival` hears every arrival, scrolled or not (the optional sound).
 */
export function useNewArrivals(opts: {
  rows: Row[];
  pages: number;
  viewKey: string;
  ready: boolean;
  scroller: RefObject<HTMLDivElement | null>;
  /** The index of the first row on screen, at the scroller's offset. */
  firstOnScreen(): number;
  onArrival(): void;
}) {
  const { rows, pages, viewKey, ready } = opts;
  const seen = useRef<{ view: string; ids: Set<string>; pages: number } | null>(null);
  const [above, setAbove] = useState<string[]>([]);
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    if (!ready) return;
    const known = seen.current;
    if (!known || known.view !== viewKey) {
      seen.current = { view: viewKey, ids: new Set(rows.map((r) => r.id)), pages };
      setAbove([]);
      return;
    }
    // Rows of pages just loaded are not arrivals; they come in at the end.
    const paged = pages > known.pages;
    const fresh = rows.flatMap((r, i) => (known.ids.has(r.id) ? [] : [{ id: r.id, i }]));
    for (const r of rows) known.ids.add(r.id);
    known.pages = pages;
    if (paged || fresh.length === 0) return;
    latest.current.onArrival();
    const { scroller, firstOnScreen } = latest.current;
    if ((scroller.current?.scrollTop ?? 0) < 4) return;
    const top = firstOnScreen();
    const hidden = fresh.filter((f) => f.i < top).map((f) => f.id);
    if (hidden.length) setAbove((ids) => [...ids, ...hidden]);
  }, [rows, pages, viewKey, ready]);

  // Back at the top, everything new is in view.
  useEffect(() => {
    const el = opts.scroller.current;
    if (!el) return;
    const onScroll = () => el.scrollTop < 4 && setAbove((ids) => (ids.length ? [] : ids));
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  });

  const listed = new Set(rows.map((r) => r.id));
  const waiting = above.filter((id) => listed.has(id));
  return { count: waiting.length, first: rows.find((r) => waiting.includes(r.id))?.id ?? null, clear: () => setAbove([]) };
}
