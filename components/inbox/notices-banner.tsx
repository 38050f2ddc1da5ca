'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageKey } from '@/i18n/messages';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

/** An agent's escalation notices (SPEC §5) until acknowledged. */
export function NoticesBanner({ userId }: { userId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notices = useQuery(trpc.protocols.notices.queryOptions());
  const ack = useMutation(
    trpc.protocols.acknowledge.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.protocols.notices.queryKey() }),
    }),
  );
  const open = notices.data?.filter((n) => n.agentId === userId && !n.acknowledgedAt) ?? [];
  if (open.length === 0) return null;
  const n = open[0]!;
  return (
    <div role="alert" data-testid="notice-banner" data-notice-id={n.id} className={`flex items-start justify-between gap-3 border-b px-4 py-2 text-sm ${n.level >= 2 ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-200 bg-amber-50 text-amber-900'}`}>
      <p>
        <span className="font-semibold">{t('notice.title', { level: n.level })}. </span>
        {t(`notice.level${Math.min(n.level, 3)}` as MessageKey, { count: n.breachCount, days: n.windowDays })}
      </p>
      <button type="button" disabled={ack.isPending} onClick={() => ack.mutate({ noticeId: n.id })} className="shrink-0 rounded border border-current px-2 py-0.5 text-xs font-medium">
        {t('notice.acknowledge')}
      </button>
    </div>
  );
}
