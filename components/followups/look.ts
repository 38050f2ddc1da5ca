import type { COLORS } from '@/db/schema/values';

/** The swatch of each color a follow-up (or a label) is marked with: whole class names, so Tailwind keeps them. */
export const SWATCH: Record<(typeof COLORS)[number], string> = {
  slate: 'bg-slate-400',
  red: 'bg-red-500',
  amber: 'bg-amber-500',
  emerald: 'bg-emerald-500',
  sky: 'bg-sky-500',
  indigo: 'bg-indigo-500',
  fuchsia: 'bg-fuchsia-500',
};

/** A delay as people say it: whole hours in hours, anything else in minutes. */
export function delayParts(minutes: number): { value: number; unit: 'minutes' | 'hours' } {
  return minutes % 60 === 0 ? { value: minutes / 60, unit: 'hours' } : { value: minutes, unit: 'minutes' };
}
