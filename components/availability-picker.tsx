'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AVAILABILITIES } from '@/db/schema/values';
import { useT } from './i18n';
import { useTRPC } from './trpc';

/** The person says whether they take conversations now; round-robin skips the away and the offline (SPEC §15). */
export function AvailabilityPicker() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.profile.availability.queryOptions());
  const set = useMutation(trpc.profile.setAvailability.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.profile.availability.queryKey() }) }));
  return (
    <select
      aria-label={t('availability.label')}
      data-testid="availability"
      value={current.data ?? 'online'}
      disabled={!current.data || set.isPending}
      onChange={(e) => set.mutate({ availability: e.target.value as (typeof AVAILABILITIES)[number] })}
      className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700"
    >
      {AVAILABILITIES.map((a) => (
        <option key={a} value={a}>
          {t(`availability.${a}`)}
        </option>
      ))}
    </select>
  );
}
