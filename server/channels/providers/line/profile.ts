import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, contacts, conversations } from '@/db/schema';
import type { Effects } from '@/server/effects/unit-of-work';
import { callProvider } from '../../provider-http';

/*
 * LINE webhooks carry only a user id, so a new LINE contact is named by this job (kind
 * `contact.profile_line`, queued by ingest) from `GET /v2/bot/profile/{userId}`: in the
 * background, never while LINE waits for the webhook's answer.
 */

export const LineProfileJob = z.object({ contactId: z.uuid(), channelId: z.uuid(), externalId: z.string().min(1) });

const Profile = z.object({ displayName: z.string().trim().min(1).max(200) });

/**
 * Names the contact after its LINE display name while it is still named by its raw id (a name
 * someone gave it meanwhile stays). No profile (the user never added the bot, or blocked it) or
 * a refused token ends the job; a provider that did not answer is asked again later.
 */
export async function nameFromLineProfile(db: Db, job: z.infer<typeof LineProfileJob>, fx: Effects): Promise<void> {
  const [channel] = await db.select().from(channels).where(eq(channels.id, job.channelId)).limit(1);
  const token = channel?.secrets.channelAccessToken;
  if (!token) return;
  const call = await callProvider('line', `/v2/bot/profile/${encodeURIComponent(job.externalId)}`, { headers: { authorization: `Bearer ${token}` } });
  if (call.kind !== 'answered') throw new Error(`LINE profile of ${job.externalId}: no answer (${call.detail})`);
  const { status } = call.answer;
  if (status === 429 || status >= 500) throw new Error(`LINE profile of ${job.externalId}: LINE answered ${status}`);
  const profile = Profile.safeParse(call.answer.json);
  if (status !== 200 || !profile.success) return;
  const [renamed] = await db
    .update(contacts)
    .set({ name: profile.data.displayName })
    .where(and(eq(contacts.id, job.contactId), eq(contacts.name, job.externalId)))
    .returning({ id: contacts.id });
  if (!renamed) return;
  const shown = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, renamed.id));
  fx.add(...shown.map((c) => ({ kind: 'conversation.changed' as const, conversationId: c.id })));
}
