'use client';
import { useEffect, useRef } from 'react';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
// Enter on a button or a link already does what it says.
const isControl = (target: EventTarget | null) => target instanceof HTMLElement && ['BUTTON', 'A'].includes(target.tagName);

export type TriageKeys = {
  /** j / k: the selection moves by one row, opening nothing. */
  move(step: 1 | -1): void;
  /** Enter: opens the selected row. */
  open(): void;
  /** x: the selected row joins or leaves the selection for bulk actions. */
  toggle(): void;
  /** `.`: to the conversations that arrived above. */
  jumpToNew(): void;
  /** Escape: the bulk selection is emptied. */
  clear(): void;
};

/** The inbox's list keys (SPEC §17); e, s and a act on the open conversation (its toolbar), `/` searches (the filter bar). */
export function useTriageKeys(keys: TriageKeys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const k = latest.current;
      // Menus close on Escape too: it is not taken from them.
      if (e.key === 'Escape') return k.clear();
      if (e.key === 'j') k.move(1);
      else if (e.key === 'k') k.move(-1);
      else if (e.key === 'x') k.toggle();
      else if (e.key === '.') k.jumpToNew();
      else if (e.key === 'Enter' && !isControl(e.target)) k.open();
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
