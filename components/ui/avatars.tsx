import type { Person } from '@/server/users/view';

// 700 fills under their own 50 for the initials: 4.5:1 at 10 px (axe), which white on the 500–600
// amber and teal did not reach; the dark theme swaps both shades, so the pair holds there too.
// Written out whole: Tailwind finds the classes it generates by reading the source.
const COLORS = [
  'bg-indigo-700 text-indigo-50',
  'bg-emerald-700 text-emerald-50',
  'bg-amber-700 text-amber-50',
  'bg-sky-700 text-sky-50',
  'bg-fuchsia-700 text-fuchsia-50',
  'bg-rose-700 text-rose-50',
  'bg-teal-700 text-teal-50',
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

// A person keeps one colour everywhere: derived from their id, not their position in a list.
const colorOf = (id: string) => COLORS[[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % COLORS.length];

/** Small initials circles; the group is named for screen readers, each circle titled for the mouse. */
export function Avatars({ people, label, size = 'sm', testId }: { people: Person[]; label: string; size?: 'xs' | 'sm'; testId?: string }) {
  if (people.length === 0) return null;
  const dim = size === 'xs' ? 'h-4 w-4 text-[8px]' : 'h-6 w-6 text-[10px]';
  return (
    <span role="group" aria-label={label} data-testid={testId} className="flex -space-x-1">
      {people.slice(0, 5).map((p) => (
        <span key={p.id} title={p.name} data-person={p.name} className={`${dim} ${colorOf(p.id)} inline-flex items-center justify-center rounded-full font-semibold ring-2 ring-white`}>
          {initials(p.name)}
        </span>
      ))}
      {people.length > 5 && <span className={`${dim} inline-flex items-center justify-center rounded-full bg-slate-300 text-slate-700 ring-2 ring-white`}>+{people.length - 5}</span>}
    </span>
  );
}
