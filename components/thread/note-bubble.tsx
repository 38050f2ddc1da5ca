'use client';
import type { NoteView } from '@/server/notes/view';
import { useLocale, useT } from '../i18n';
import { timeOfDay } from '../ui/time';

/** Splits a note's text so each "@Name" of a mentioned person stands out. */
function withMentions(body: string, names: string[]): (string | { mention: string })[] {
  if (names.length === 0) return [body];
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  return body.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'g')).map((part) => (part.startsWith('@') && names.includes(part.slice(1)) ? { mention: part } : part));
}

/** An internal note: amber, full width, clearly not a message the contact received. */
export function NoteBubble({ note }: { note: NoteView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="flex justify-center" data-testid="note">
      <div className="w-[85%] rounded-lg bg-amber-50 px-3 py-2 text-sm ring-1 ring-amber-200">
        <p className="mb-1 text-[11px] font-medium uppercase tracking-wide text-amber-800">
          {note.author ? t('thread.noteBy', { name: note.author.name }) : t('thread.note')}
        </p>
        <p className="whitespace-pre-wrap break-words text-slate-800">
          {withMentions(note.body, note.mentions.map((m) => m.name)).map((part, i) =>
            typeof part === 'string' ? part : <strong key={i} className="font-semibold text-indigo-700">{part.mention}</strong>,
          )}
        </p>
        <p className="mt-1 text-[11px] text-amber-700">{timeOfDay(note.createdAt, locale)}</p>
      </div>
    </li>
  );
}
