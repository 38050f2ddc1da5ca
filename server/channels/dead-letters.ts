import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, deadLetters, type DeadLetterFailure } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { storableText } from './storable';

type Channel = typeof channels.$inferSelect;

/** What an admin sees of a payload in the list; the row keeps every byte. */
const PAYLOAD_SHOWN_BYTES = 64 * 1024;
const LISTED = 50;

/** Keeps a webhook's payload, as it arrived, with the messages of it that could never be stored and why. */
export async function recordDeadLetter(db: Db, channel: Channel, payload: Uint8Array, failures: DeadLetterFailure[]): Promise<void> {
  await db.insert(deadLetters).values({
    workspaceId: channel.workspaceId,
    channelId: channel.id,
    payload: Buffer.from(payload),
    // jsonb refuses NUL as well; an id long enough to have failed is cut to what a reader needs.
    failures: failures.map((f) => ({ providerMessageId: f.providerMessageId === null ? null : storableText(f.providerMessageId).slice(0, 200), reason: storableText(f.reason).slice(0, 1000) })),
  });
}

/** The workspace's newest dead letters, for its admins (the router checks the role). */
export async function listDeadLetters(db: Db, admin: SessionUser) {
  const rows = await db
    .select({
      id: deadLetters.id,
      createdAt: deadLetters.createdAt,
      failures: deadLetters.failures,
      payloadBytes: sql<number>`octet_length(${deadLetters.payload})`.mapWith(Number),
      shown: sql<Buffer>`substring(${deadLetters.payload} from 1 for ${PAYLOAD_SHOWN_BYTES})`.mapWith(deadLetters.payload),
      channel: { id: channels.id, name: channels.name, kind: channels.kind },
    })
    .from(deadLetters)
    .innerJoin(channels, eq(channels.id, deadLetters.channelId))
    .where(eq(deadLetters.workspaceId, admin.workspaceId))
    .orderBy(desc(deadLetters.createdAt))
    .limit(LISTED);
  return rows.map(({ shown, ...r }) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    // As text for reading; a byte that is not UTF-8 shows as U+FFFD.
    payload: Buffer.from(shown).toString('utf8'),
    payloadTruncated: r.payloadBytes > PAYLOAD_SHOWN_BYTES,
  }));
}
