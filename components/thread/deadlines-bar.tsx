'use client';
import { useQuery } from '@tanstack/react-query';
import { DeadlineChip } from '../protocols/deadline-chip';
import { useLocale, useT } from '../i18n';
import { builtInName } from '../protocols/built-in-names';
import { useTRPC } from '../trpc';

/** Every stage of the conversation's protocols, in order, each with its live state. */
export function DeadlinesBar({ conversationId }: { conversationId: string }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const deadlines = useQuery(trpc.protocols.deadlines.queryOptions({ conversationId }));
  if (!deadlines.data?.length) return null;
  const byProtocol = new Map<string, typeof deadlines.data>();
  for (const d of deadlines.data) byProtocol.set(d.protocol, [...(byProtocol.get(d.protocol) ?? []), d]);
  return (
    <div role="group" aria-label={t('deadlines.title')} data-testid="deadlines-bar" className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-2 py-1.5 md:px-4">
      {[...byProtocol].map(([protocol, list]) => (
        <div key={protocol} className="flex min-w-0 flex-wrap items-center gap-1.5 text-xs">
          <span className="text-slate-600">{builtInName(locale, protocol)}</span>
          {list.map((d) => (
            <DeadlineChip key={d.id} deadline={d} withName withDue />
          ))}
        </div>
      ))}
    </div>
  );
}
