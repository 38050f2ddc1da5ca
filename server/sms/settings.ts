import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, workspaces } from '@/db/schema';
import { isManager } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { recordAudit } from '@/server/audit/record';
import { AppError } from '@/server/errors';
import { DEFAULT_SMS_REPLIES } from './policy';
import type { AutoResponderInput, SmsRepliesInput } from './schemas';

/* The SMS settings managers keep (SPEC §8): the workspace's answers, and each SMS channel's auto-responder. */

function mustManage(user: SessionUser) {
  if (!isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers and admins may change the SMS settings.');
}

export async function smsSettings(db: Db, user: SessionUser) {
  mustManage(user);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, user.workspaceId));
  const own = workspace!.settings.smsReplies ?? {};
  const sms = await db
    .select({ id: channels.id, name: channels.name, settings: channels.settings })
    .from(channels)
    .where(and(eq(channels.workspaceId, user.workspaceId), eq(channels.kind, 'sms')))
    .orderBy(channels.name);
  const locale: 'es' | 'en' = workspace!.locale === 'en' ? 'en' : 'es';
  return {
    locale,
    replies: { help: own.help ?? '', optOut: own.optOut ?? '', optIn: own.optIn ?? '' },
    // What goes out when a field is left empty, in each language.
    defaults: Object.fromEntries(
      (['es', 'en'] as const).map((l) => [l, { help: DEFAULT_SMS_REPLIES[l].help, optOut: DEFAULT_SMS_REPLIES[l].opt_out, optIn: DEFAULT_SMS_REPLIES[l].opt_in }]),
    ) as Record<'es' | 'en', { help: string; optOut: string; optIn: string }>,
    workspaceName: workspace!.name,
    channels: sms.map((c) => ({ id: c.id, name: c.name, autoResponder: c.settings.autoResponder ?? { mode: 'nobody' as const, text: '' } })),
  };
}

export async function saveSmsReplies(db: Db, user: SessionUser, input: z.infer<typeof SmsRepliesInput>, now: Date) {
  mustManage(user);
  const { locale, ...replies } = input;
  await db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ locale, settings: sql`${workspaces.settings} || ${JSON.stringify({ smsReplies: replies })}::jsonb` })
      .where(eq(workspaces.id, user.workspaceId));
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'sms.replies_changed', targetType: 'workspace', targetId: user.workspaceId, after: input, at: now });
  });
}

export async function saveAutoResponder(db: Db, user: SessionUser, input: z.infer<typeof AutoResponderInput>, now: Date) {
  mustManage(user);
  const { channelId, ...autoResponder } = input;
  await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(channels)
      .set({ settings: sql`${channels.settings} || ${JSON.stringify({ autoResponder })}::jsonb` })
      .where(and(eq(channels.id, channelId), eq(channels.workspaceId, user.workspaceId), eq(channels.kind, 'sms')))
      .returning({ id: channels.id });
    if (!changed) throw new AppError('NOT_FOUND', 'channelId: no such SMS channel in this workspace');
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'sms.auto_responder_changed', targetType: 'channel', targetId: channelId, after: autoResponder, at: now });
  });
}
