'use client';
import { useEffect, useState } from 'react';
import { useT } from '../i18n';

/**
 * A value to paste elsewhere (a webhook URL, a verify token), shown whole and copyable. Where the
 * browser refuses the clipboard (plain http off localhost) the text is selected for Ctrl+C instead.
 */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const t = useT();
  const [said, setSaid] = useState<'copied' | 'select' | null>(null);
  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), 2500);
    return () => clearTimeout(timer);
  }, [said]);
  const id = `copy-${testId ?? label.replace(/\W+/g, '-')}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setSaid('copied');
    } catch {
      const selection = window.getSelection();
      const node = document.getElementById(id);
      if (selection && node) selection.selectAllChildren(node);
      setSaid('select');
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <span className="shrink-0 text-slate-600">{label}</span>
      <code id={id} data-testid={testId} className="min-w-0 flex-1 rounded bg-slate-50 px-1.5 py-0.5 font-mono break-all ring-1 ring-slate-200 select-all">
        {value}
      </code>
      <button type="button" onClick={() => void copy()} aria-label={t('copy.labelled', { what: label })} className="rounded px-2 py-0.5 font-medium text-indigo-700 hover:bg-indigo-50">
        {t('copy.action')}
      </button>
      <span role="status" className="w-full text-emerald-700 empty:hidden sm:w-auto">
        {said === 'copied' ? t('copy.done') : said === 'select' ? t('copy.select') : ''}
      </span>
    </div>
  );
}
