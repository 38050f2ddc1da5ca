'use client';
import { useEffect } from 'react';
import type { MessageKey } from '@/i18n/messages';
import type { WindowView } from '@/server/windows/service';
import { useT } from '../i18n';
import { useNow } from '../ui/clock';
import { countdown } from '../ui/time';

const tone: Record<WindowView['state'], string> = {
  open: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  tag_only: 'bg-amber-50 text-amber-800 ring-amber-200',
  template_only: 'bg-amber-50 text-amber-800 ring-amber-200',
  closed: 'bg-red-50 text-red-800 ring-red-200',
  none: 'bg-slate-50 text-slate-600 ring-slate-200',
};

/** The channel window and a live countdown to its end; calls `onExpire` when it runs out. */
export function WindowBadge({ window: w, onExpire }: { window: WindowView; onExpire(): void }) {
  const t = useT();
  const now = useNow();
  const left = w.closesAt ? Date.parse(w.closesAt) - now : null;
  const expired = left !== null && left <= 0;
  useEffect(() => {
    if (expired) onExpire();
  }, [expired, onExpire]);
  const lastHour = left !== null && left < 3_600_000 && w.state === 'open';
  return (
    <span
      role="status"
      aria-label={t('window.label')}
      data-testid="window-badge"
      data-state={w.state}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs ring-1 ${lastHour ? tone.tag_only : tone[w.state]}`}
    >
      <span className="font-medium">{t(`window.state.${w.state}` as MessageKey)}</span>
      {left !== null && left > 0 && <span className="tabular-nums">· {t('window.closesIn', { time: countdown(left) })}</span>}
      {w.messagesLeft !== null && w.state === 'open' && <span>· {t('window.messagesLeft', { n: w.messagesLeft })}</span>}
    </span>
  );
}
