import type { Person } from '@/server/users/view';

const COLORS = ['bg-indigo-500', 'bg-emerald-600', 'bg-amber-600', 'bg-sky-600', 'bg-fuchsia-600', 'bg-rose-600', 'bg-teal-600'];

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
        <span key={p.id} title={p.name} data-person={p.name} className={`${dim} ${colorOf(p.id)} inline-flex items-center justify-center rounded-full font-semibold text-white ring-2 ring-white`}>
          {initials(p.name)}
        </span>
      ))}
      {people.length > 5 && <span className={`${dim} inline-flex items-center justify-center rounded-full bg-slate-300 text-slate-700 ring-2 ring-white`}>+{people.length - 5}</span>}
    </span>
  );
}
