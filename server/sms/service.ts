import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, smsReplies, workspaces } from '@/db/schema';
import type { Effects } from '@/server/effects/unit-of-work';
import { sendAutomated } from '@/server/messages/send';
import { autoResponderAnswers, keywordReply, keywordReplyText, type Consent, type KeywordReply, type SmsReplyKind } from './policy';

type Channel = typeof channels.$inferSelect;

const SETTING: Record<KeywordReply, 'help' | 'optOut' | 'optIn'> = { help: 'help', opt_out: 'optOut', opt_in: 'optIn' };

/** Sends one automatic answer through the send pipeline (whatever the contact's consent) and remembers it. */
async function answer(tx: Db, fx: Effects, args: { channel: Channel; contactId: string; conversationId: string; kind: SmsReplyKind; body: string; now: Date }) {
  const outcome = await sendAutomated(tx, { conversationId: args.conversationId, body: args.body, authorKind: 'auto_message', consentExempt: true }, { now: () => args.now }, fx);
  if (outcome.outcome !== 'sent') {
    console.info(`SMS ${args.kind} answer in conversation ${args.conversationId} not sent: ${outcome.outcome === 'refused' ? outcome.reason : 'deferred'}`);
    return;
  }
  await tx.insert(smsReplies).values({ workspaceId: args.channel.workspaceId, contactId: args.contactId, channelId: args.channel.id, kind: args.kind, messageId: outcome.message.id, sentAt: args.now });
}

/**
 * A contact's text on an SMS channel, just stored (SPEC §8): HELP gets the help reply, an
 * opt-out its one confirmation, a return the welcome back; any other text the channel's
 * auto-responder, as its setting says. In the ingest's transaction, so a redelivered webhook
 * answers nothing twice.
 */
export async function answerSms(
  tx: Db,
  fx: Effects,
  args: { channel: Channel; contactId: string; conversationId: string; help: boolean; keyword: boolean; before: Consent; after: Consent; now: Date },
): Promise<void> {
  const reply = keywordReply(args);
  if (reply) {
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, args.channel.workspaceId));
    const body = keywordReplyText(reply, workspace!.settings.smsReplies?.[SETTING[reply]], (workspace!.locale === 'en' ? 'en' : 'es'), workspace!.name);
    await answer(tx, fx, { ...args, kind: reply, body });
    return;
  }
  const responder = args.channel.settings.autoResponder;
  if (!responder?.text.trim()) return;
  const [last] = await tx
    .select({ at: smsReplies.sentAt })
    .from(smsReplies)
    .where(and(eq(smsReplies.contactId, args.contactId), eq(smsReplies.channelId, args.channel.id), eq(smsReplies.kind, 'auto_responder')))
    .orderBy(desc(smsReplies.sentAt))
    .limit(1);
  if (!autoResponderAnswers({ mode: responder.mode, keyword: args.keyword, consent: args.after, lastAnsweredAt: last?.at ?? null, now: args.now })) return;
  await answer(tx, fx, { ...args, kind: 'auto_responder', body: responder.text.trim() });
}
