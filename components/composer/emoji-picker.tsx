'use client';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n';

/** The emoji agents reach for in a client conversation; a short grid beats a searchable catalogue here. */
const EMOJI = [
  '😊', '😀', '😉', '🙂', '😍', '🥰', '😂', '🤗',
  '🙏', '👍', '👏', '👋', '🤝', '💪', '👌', '✌️',
  '❤️', '💙', '💚', '✨', '🎉', '🎁', '🌟', '🔥',
  '✅', '❌', '⚠️', '⏰', '📅', '📞', '📍', '💬',
  '😔', '😢', '😅', '🤔', '😮', '🙌', '☀️', '🌙',
];
const COLUMNS = 8;

/** Arrow keys move through the grid; Home/End go to the row's ends. */
export function nextEmojiIndex(index: number, key: string, count = EMOJI.length, columns = COLUMNS): number {
  const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
  if (key === 'Home') return index - (index % columns);
  if (key === 'End') return Math.min(count - 1, index - (index % columns) + columns - 1);
  const next = index + (moves[key] ?? 0);
  return next < 0 || next >= count ? index : next;
}

export function EmojiPicker({ onPick, disabled }: { onPick(emoji: string): void; disabled?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const toggle = useRef<HTMLButtonElement>(null);
  const cells = useRef<(HTMLButtonElement | null)[]>([]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) cells.current[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      toggle.current?.focus();
      return;
    }
    const next = nextEmojiIndex(active, e.key);
    if (next === active && !['Home', 'End'].includes(e.key)) return;
    e.preventDefault();
    setActive(next);
  }

  return (
    // The grid is placed against the composer's row (its positioned parent), so it fits a 360 px phone.
    <div ref={root}>
      <button
        ref={toggle}
        type="button"
        disabled={disabled}
        aria-label={t('composer.emoji')}
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 w-9 items-center justify-center rounded text-lg hover:bg-slate-100 disabled:opacity-50"
      >
        <span aria-hidden="true">😊</span>
      </button>
      {open && (
        <div
          role="group"
          aria-label={t('composer.emojiList')}
          data-testid="emoji-picker"
          onKeyDown={onKeyDown}
          className="absolute bottom-full right-0 z-20 mb-1 grid w-max grid-cols-8 gap-0.5 rounded-md border border-slate-200 bg-white p-1.5 shadow-lg"
        >
          {EMOJI.map((emoji, i) => (
            <button
              key={emoji}
              ref={(el) => {
                cells.current[i] = el;
              }}
              type="button"
              tabIndex={i === active ? 0 : -1}
              onClick={() => {
                onPick(emoji);
                setOpen(false);
              }}
              className="flex h-9 w-9 items-center justify-center rounded text-xl hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
