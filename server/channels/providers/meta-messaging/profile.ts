import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, contactIdentities, contacts, conversations } from '@/db/schema';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { storableText } from '../../storable';
import { graphGet } from '../meta-graph';
import { accountOf } from './outbound';

/*
 * A Messenger or Instagram contact arrives known only by its page-scoped id, so it is named by
 * that id. The `contact.profile` job, queued with the contact, reads its name from Meta's
 * profile API (outside the webhook's request) and gives it to the contact, unless a person on
 * our side has named them meanwhile.
 */

const profileReads = {
  messenger: { fields: 'first_name,last_name', name: z.object({ first_name: z.string().optional(), last_name: z.string().optional() }).transform((p) => [p.first_name, p.last_name].filter(Boolean).join(' ')) },
  instagram: { fields: 'name,username', name: z.object({ name: z.string().optional(), username: z.string().optional() }).transform((p) => p.name || p.username || '') },
};

export const ProfileJob = z.object({ contactId: z.uuid(), channelId: z.uuid() });

/** The profile job's work. Throws only for what a later try may fix (Meta busy or unreachable). */
export async function nameContactFromProfile(db: Db, job: z.infer<typeof ProfileJob>, fx: Effects): Promise<void> {
  const [row] = await db
    .select({ channel: channels, contact: contacts, externalId: contactIdentities.externalId })
    .from(contactIdentities)
    .innerJoin(channels, eq(channels.id, contactIdentities.channelId))
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(and(eq(contactIdentities.contactId, job.contactId), eq(contactIdentities.channelId, job.channelId)));
  const provider = row?.channel.provider;
  if (!row || (provider !== 'messenger' && provider !== 'instagram')) return;
  if (row.contact.nameEdited || row.contact.name !== row.externalId) return;
  const token = accountOf[provider](row.channel.secrets).token;
  if (!token) return;
  const read = profileReads[provider];
  const answer = await graphGet(provider, `${encodeURIComponent(row.externalId)}?fields=${read.fields}`, token);
  if (!answer.ok) {
    if (answer.transient) throw new Error(`${provider} profile of ${row.externalId}: ${answer.reason}`);
    // The person's privacy settings, or a permission the app lacks: the id stays their name.
    console.error(`${provider} profile of contact ${job.contactId} not readable: ${answer.reason}`);
    return;
  }
  const parsed = read.name.safeParse(answer.json);
  const name = parsed.success ? storableText(parsed.data).trim().slice(0, 200) : '';
  if (!name) return;
  await transaction(db, fx, async (tx, fx) => {
    // Only while the name is still the raw id and nobody edited it: an agent may have named them since the read.
    const [named] = await tx
      .update(contacts)
      .set({ name })
      .where(and(eq(contacts.id, job.contactId), eq(contacts.name, row.externalId), eq(contacts.nameEdited, false)))
      .returning({ id: contacts.id });
    if (!named) return;
    const shown = await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, job.contactId));
    fx.add(...shown.map((c) => ({ kind: 'conversation.changed' as const, conversationId: c.id })));
  });
}
