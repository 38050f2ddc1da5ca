'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { appendNote } from '../realtime/cache';
import { useRealtime } from '../realtime/realtime-provider';
import { useTRPC } from '../trpc';
import { useTypingSignal } from './use-typing-signal';

type Person = { id: string; name: string };

/** The "@query" being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() } : null;
}

/** A note for the team: never sent; "@" offers the people to mention, who are notified. */
export function NoteComposer({ conversationId }: { conversationId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { userId } = useRealtime();
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Person[]>([]);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const signal = useTypingSignal(conversationId, 'note');
  const add = useMutation(
    trpc.notes.add.mutationOptions({
      onSuccess: (note) => appendNote(queryClient, trpc.notes.list.pathKey(), note),
    }),
  );

  const candidates = mention ? (directory.data?.users ?? []).filter((u) => u.id !== userId && !u.deactivated && u.name.toLowerCase().includes(mention.query)).slice(0, 6) : [];

  function pick(person: Person) {
    if (!mention) return;
    const caret = textarea.current?.selectionStart ?? body.length;
    const next = `${body.slice(0, mention.start)}@${person.name} ${body.slice(caret)}`;
    setBody(next);
    setPicked((p) => (p.some((x) => x.id === person.id) ? p : [...p, person]));
    setMention(null);
    const at = mention.start + person.name.length + 2;
    requestAnimationFrame(() => textarea.current?.setSelectionRange(at, at));
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || add.isPending) return;
    // A mention removed from the text is no longer a mention.
    const mentionIds = picked.filter((p) => body.includes(`@${p.name}`)).map((p) => p.id);
    // Cleared at once, not when the answer comes: the live note can arrive first, and what the
    // author types next must not be wiped by the answer. A refused note comes back to an empty box.
    const sent = { body, picked };
    setBody('');
    setPicked([]);
    signal.stop();
    add.mutate(
      { conversationId, body, mentionIds },
      {
        onError: () => {
          setBody((now) => (now === '' ? sent.body : now));
          setPicked((now) => (now.length === 0 ? sent.picked : now));
        },
      },
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (candidates.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(candidates[Math.min(active, candidates.length - 1)]!);
        return;
      }
      if (event.key === 'Escape') {
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  return (
    <form onSubmit={submit} className="relative space-y-2">
      {add.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-1.5 text-sm text-red-700">
          {errorText(t, add.error)}
        </p>
      )}
      {candidates.length > 0 && (
        <ul role="listbox" id="mention-options" aria-label={t('composer.mentions')} className="absolute bottom-full left-0 mb-1 w-64 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {candidates.map((u, i) => (
            <li
              key={u.id}
              id={`mention-${u.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(u);
              }}
              className={`cursor-pointer px-3 py-1 ${i === active ? 'bg-indigo-50 text-indigo-800' : ''}`}
            >
              {u.name}
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-end gap-2">
        <textarea
          ref={textarea}
          aria-label={t('composer.noteLabel')}
          aria-autocomplete="list"
          aria-controls={candidates.length > 0 ? 'mention-options' : undefined}
          aria-activedescendant={candidates.length > 0 ? `mention-${candidates[Math.min(active, candidates.length - 1)]!.id}` : undefined}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            setMention(mentionQuery(e.target.value, e.target.selectionStart));
            setActive(0);
            signal.changed(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={signal.stop}
          rows={2}
          maxLength={4096}
          placeholder={t('composer.notePlaceholder')}
          className="min-h-[2.5rem] flex-1 resize-y rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-200"
        />
        <button type="submit" disabled={!body.trim() || add.isPending} className="rounded bg-amber-700 px-4 py-2 text-sm font-medium text-amber-50 hover:bg-amber-800 disabled:opacity-50">
          {t('composer.saveNote')}
        </button>
      </div>
      <p className="text-xs text-slate-500">{t('composer.noteHint')}</p>
    </form>
  );
}
