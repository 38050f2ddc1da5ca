import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { notes, users } from '@/db/schema';
import { mayReadConversation, type ReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { notify } from '@/server/notifications/service';
import type { AddNoteInput } from './schemas';
import type { NoteView } from './view';

// A conversation's notes are few; the thread shows them all beside its messages.
const NOTES_SHOWN = 500;

async function toViews(db: Db, rows: (typeof notes.$inferSelect)[]): Promise<NoteView[]> {
  const ids = [...new Set(rows.flatMap((n) => [...n.mentionIds, ...(n.authorId ? [n.authorId] : [])]))];
  const people = ids.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((n) => ({
    id: n.id,
    conversationId: n.conversationId,
    author: (n.authorId && byId.get(n.authorId)) || null,
    body: n.body,
    mentions: n.mentionIds.flatMap((id) => byId.get(id) ?? []),
    createdAt: n.createdAt.toISOString(),
  }));
}

/** Notes as the thread shows them, for the given ids. */
export async function noteViews(db: Db, ids: string[]): Promise<NoteView[]> {
  return ids.length ? toViews(db, await db.select().from(notes).where(inArray(notes.id, ids))) : [];
}

/** The conversation's notes, oldest first: a note is readable exactly when its conversation is. */
export async function listNotes(db: Db, conversation: ReadableConversation): Promise<NoteView[]> {
  const rows = await db.select().from(notes).where(eq(notes.conversationId, conversation.id)).orderBy(asc(notes.createdAt), asc(notes.id)).limit(NOTES_SHOWN);
  return toViews(db, rows);
}

/**
 * Saves a note for the team (never sent to the contact) and notifies each mentioned person.
 * A mention of someone who cannot read the conversation is refused: they could not open it.
 */
export async function addNote(db: Db, user: SessionUser, conversation: ReadableConversation, input: AddNoteInput, now: Date, fx: Effects): Promise<NoteView> {
  const mentionIds = [...new Set(input.mentionIds)];
  const mentioned = mentionIds.length
    ? await db.select().from(users).where(and(inArray(users.id, mentionIds), eq(users.workspaceId, user.workspaceId)))
    : [];
  if (mentioned.length !== mentionIds.length) throw new AppError('INVALID_INPUT', 'mentionIds: no such user in this workspace');
  for (const person of mentioned) {
    if (!(await mayReadConversation(db, person, conversation.id))) {
      throw new AppError('INVALID_INPUT', `mentionIds: ${person.name} cannot see this conversation`);
    }
  }
  const note = await transaction(db, fx, async (tx, fx) => {
    const [note] = await tx
      .insert(notes)
      .values({ workspaceId: user.workspaceId, conversationId: conversation.id, authorId: user.id, body: input.body, mentionIds, createdAt: now })
      .returning();
    fx.add({ kind: 'note.created', noteId: note!.id });
    await notify(
      tx,
      fx,
      mentioned.map((p) => ({
        workspaceId: user.workspaceId,
        userId: p.id,
        kind: 'mention' as const,
        conversationId: conversation.id,
        actorId: user.id,
        data: { excerpt: input.body.slice(0, 140) },
        createdAt: now,
      })),
    );
    return note!;
  });
  const [view] = await toViews(db, [note]);
  return view!;
}
