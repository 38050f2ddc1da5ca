import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, contactIdentities, contacts } from '@/db/schema';
import { attributeReplies } from '@/server/attribution/service';
import { firstStatus, onEcho, onInbound, type Lifecycle } from '@/server/conversations/lifecycle';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { recordInboundMedia } from '@/server/files/attachments';
import { mediaPreview } from '@/server/files/preview';
import { followupsAfterInteraction, stopFollowups } from '@/server/followups/scheduling';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { planNewRun } from '@/server/protocols/run-plan';
import { answerSms } from '@/server/sms/service';
import { assignInTurn } from '@/server/teams/routing';
import type { InboundMessage } from './inbound';
import { lockAndRead, lockConversation } from './ingest-head';
import { openingConversation, writeMessage } from './ingest-writes';
import { profileLookups } from './profiles';

type Channel = typeof channels.$inferSelect;
type Consent = (typeof contacts.$inferSelect)['consent'];

/** Named by its raw id so far (an earlier webhook had no name): the provider's name is better. */
const renames = (m: InboundMessage, c: { name: string }) => Boolean(m.contactName) && !m.echo && c.name === m.externalId;

/**
 * An SMS STOP or START: the contact's own word on consent, kept even when they are blocked.
 * `resumed` (YES, UNSTOP) grants it back only to someone who had revoked it.
 */
function consentOf(m: InboundMessage, before: Consent): { consent: Exclude<Consent, 'unknown'> | undefined; changed: boolean } {
  const consent = m.consent === 'resumed' ? (before === 'revoked' ? 'granted' : undefined) : m.consent;
  return { consent, changed: consent !== undefined && consent !== before };
}

/**
 * Stores one inbound message and updates its conversation, in one transaction. Returns false
 * for a redelivery of a provider message id already stored. A new contact's first message is
 * three statements (the locks, the read under them, every row it creates) and so is a known
 * contact's (the message and its conversation's update as the third): what a campaign's credits,
 * follow-ups, media, a team's turn or a change to the contact need costs more only when the read
 * found them (issue 14: bench:ingest).
 */
export async function ingestMessage(db: Db, channel: Channel, m: InboundMessage, arrivedAt: Date, fx: Effects): Promise<boolean> {
  return transaction(db, fx, async (tx, fx) => {
    const head = await lockAndRead(tx, channel, m, (c) => renames(m, c) || consentOf(m, c.consent).changed);
    // A redelivery writes nothing at all, not even a contact.
    if (head.seen) return false;

    const known = head.contact;
    const consentBefore = known?.consent ?? 'unknown';
    const { consent, changed } = consentOf(m, consentBefore);
    const contact = { id: known?.id ?? randomUUID(), blocked: known?.blocked ?? false, consent: consent ?? consentBefore };
    if (known && renames(m, known)) {
      // Compared again in the statement, so a name someone edited meanwhile is never overwritten.
      await tx.update(contacts).set({ name: m.contactName! }).where(and(eq(contacts.id, known.id), eq(contacts.name, m.externalId)));
    }
    if (known && changed) await tx.update(contacts).set({ consent }).where(eq(contacts.id, known.id));
    const existing = head.conversation && !head.conversationLocked ? await lockConversation(tx, head.conversation.id) : head.conversation;

    // SPEC §8: a keyword (STOP, START, HELP...) is kept, but starts no conversation and reopens none.
    // A "yes" from someone who never stopped is a plain answer, not a keyword.
    const keyword = consent !== undefined || m.help === true;
    // A photo or voice note with no caption still shows in the inbox row.
    const shown = m.body || mediaPreview(m.media ?? []);
    // SPEC §2: what the message does to its conversation (a blocked contact's is kept, and changes nothing).
    const patchOf = (c: Lifecycle) =>
      m.echo ? onEcho(c, { sentAt: m.sentAt, body: shown }) : onInbound(c, { sentAt: m.sentAt, arrivedAt, body: shown, keyword, contactBlocked: contact.blocked });
    const conversationId = existing?.id ?? randomUUID();
    // SPEC §4: a new contact opening a chat starts First contact at the provider's time of that message.
    // (A new conversation is unassigned, so an at-once breach of a late webhook counts against no one.)
    const first = !known && !m.echo && !keyword ? head.firstContact : null;
    const runs = first ? first.protocols.map((p) => planNewRun(p, { conversationId, startedAt: m.sentAt, now: arrivedAt }, first.clock, randomUUID)) : [];
    const opening = openingConversation(m.sentAt, firstStatus({ keyword }));
    const lookup = channel.provider ? profileLookups[channel.provider] : undefined;
    const messageId = randomUUID();

    const stored = await writeMessage(tx, {
      channel,
      message: { ...m, id: messageId },
      newContact: known
        ? undefined
        : {
            id: contact.id,
            name: m.contactName ?? m.contactPhone ?? m.externalId,
            phone: m.contactPhone,
            consent,
            jobs: lookup && !m.contactName && !m.echo ? [{ kind: lookup, runAt: arrivedAt, payload: { contactId: contact.id, channelId: channel.id, externalId: m.externalId } }] : [],
          },
      conversation: existing
        ? { id: conversationId, existing: true, patch: patchOf(existing) }
        : { id: conversationId, existing: false, contactId: contact.id, teamId: head.defaultTeamId, opening: { ...opening, ...patchOf(opening) }, runs },
    });
    if (!stored) return false;
    // SPEC §14: with the message or not at all; the files download once this commits.
    await recordInboundMedia(tx, { id: messageId, workspaceId: channel.workspaceId }, m.media ?? [], arrivedAt);
    if (m.replyToken && !m.echo) {
      // Only a newer message's token replaces the one kept (webhooks may arrive out of order).
      await tx
        .update(contactIdentities)
        .set({ replyToken: m.replyToken, replyTokenAt: m.sentAt })
        .where(
          and(
            eq(contactIdentities.channelId, channel.id),
            eq(contactIdentities.externalId, m.externalId),
            or(isNull(contactIdentities.replyTokenAt), lt(contactIdentities.replyTokenAt, m.sentAt)),
          ),
        );
    }
    // SPEC §2: a blocked contact's message is kept, and notifies nobody.
    if (m.echo || !contact.blocked) fx.add({ kind: 'message.created', messageId, conversationId });
    fx.add(...runs.map(() => ({ kind: 'conversation.changed' as const, conversationId })));
    await escalateAfterBreaches(tx, fx, runs.flatMap((r) => r.newBreaches));
    // SPEC §15: a contact's new conversation in a team that takes turns goes to whoever's turn it is.
    const teamId = existing ? existing.teamId : head.defaultTeamId;
    if (!existing && teamId && !m.echo && !keyword) {
      await assignInTurn(tx, fx, { id: conversationId, workspaceId: channel.workspaceId, teamId });
    }
    // SPEC §10: the first reply after a campaign or flow send is credited to it (perhaps taken from another conversation).
    // A contact created just now has no sends; a known one's were looked for under their attribution lock.
    if (!m.echo && head.sendsNearby) {
      const credited = await attributeReplies(tx, contact.id, m.sentAt);
      fx.add(...credited.map((id) => ({ kind: 'conversation.changed' as const, conversationId: id })));
    }
    if (!m.echo && !contact.blocked && head.openFollowups) {
      // SPEC §7: the contact wrote, so every pending follow-up of the conversation is cancelled.
      await stopFollowups(tx, fx, [conversationId], consent === 'revoked' ? 'opted_out' : 'contact_replied', arrivedAt, { contactWrote: true });
    }
    // A person wrote (the contact, or one of us in the provider's app): follow-ups start from it.
    if ((m.echo || !contact.blocked) && !keyword && head.followupRules) await followupsAfterInteraction(tx, fx, conversationId, arrivedAt);
    if (channel.kind === 'sms' && !m.echo && !contact.blocked) {
      await answerSms(tx, fx, { channel, contactId: contact.id, conversationId, help: m.help === true, keyword, before: consentBefore, after: contact.consent, now: arrivedAt });
    }
    return true;
  });
}
