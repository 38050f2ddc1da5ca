'use client';
import { useQuery } from '@tanstack/react-query';
import { FollowupLog } from '../followups/followup-log';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

/** The conversation's follow-ups, scheduled to settled, beside the thread (SPEC §7); kept live by the realtime provider. */
export function FollowupTimeline({ conversationId }: { conversationId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const timeline = useQuery(trpc.followups.timeline.queryOptions({ conversationId }));
  return (
    <section>
      <h3 className="text-xs font-semibold uppercase text-slate-500">{t('followups.timeline')}</h3>
      {timeline.data?.length === 0 ? (
        <p className="text-xs text-slate-500">{t('followups.timelineEmpty')}</p>
      ) : (
        <div className="mt-1">
          <FollowupLog entries={timeline.data ?? []} showName testId="followup-timeline" />
        </div>
      )}
    </section>
  );
}
