import { and, eq, gt, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, jobs, templates } from '@/db/schema';
import { enqueueJob } from '@/server/scheduler/queue';
import { bodyTextOf } from './template-components';
import { approvalOf, categoryOf, listMessageTemplates, primaryLanguage } from './templates';

/*
 * A WhatsApp channel's templates, kept as Meta has them (issue 15): synced on connect, every
 * hour and on demand, and moved by Meta's `message_template_status_update` webhook in between.
 * Each is a shared template row linked to its channel, named and worded as in Meta.
 */

type Channel = typeof channels.$inferSelect;

export const SYNC_EVERY_MS = 60 * 60_000;

export type SyncResult = { ok: true; synced: number; archived: number } | { ok: false; reason: string };

const isSyncable = (channel: Channel | undefined): channel is Channel =>
  !!channel && channel.provider === 'whatsapp' && channel.settings.delivery !== 'record';

/** Reads every template of the channel's account and writes them in one transaction; those gone from Meta are archived. */
export async function syncWhatsAppTemplates(db: Db, channelId: string, now: Date): Promise<SyncResult> {
  const [channel] = await db.select().from(channels).where(eq(channels.id, channelId));
  if (!isSyncable(channel)) return { ok: false, reason: 'not a WhatsApp channel that delivers through Meta' };
  const listing = await listMessageTemplates(channel.secrets);
  if (!listing.ok) return listing;
  return db.transaction(async (tx) => {
    const kept: string[] = [];
    for (const t of listing.templates) {
      const status = approvalOf(t.status) ?? 'pending';
      const values = {
        metaId: t.id,
        body: bodyTextOf(t.components),
        language: primaryLanguage(t.language),
        whatsappStatus: status === 'archived' ? null : status,
        whatsappCategory: categoryOf(t.category),
        components: t.components,
        parameterFormat: t.parameter_format === 'NAMED' ? ('named' as const) : ('positional' as const),
        syncedAt: now,
        archivedAt: status === 'archived' ? now : null,
      };
      const [row] = await tx
        .insert(templates)
        .values({ workspaceId: channel.workspaceId, channelId, name: t.name, metaLanguage: t.language, channelKinds: ['whatsapp'], ...values })
        .onConflictDoUpdate({ target: [templates.channelId, templates.name, templates.metaLanguage], set: values })
        .returning({ id: templates.id });
      kept.push(row!.id);
    }
    const archived = await tx
      .update(templates)
      .set({ archivedAt: now })
      .where(and(eq(templates.channelId, channelId), isNull(templates.archivedAt), kept.length > 0 ? notInArray(templates.id, kept) : undefined))
      .returning({ id: templates.id });
    return { ok: true as const, synced: listing.templates.length, archived: archived.length };
  });
}

/** Meta's word on one template between syncs (the status webhook). Returns whether a template of the channel moved. */
export async function applyTemplateStatus(
  db: Db,
  channel: Channel,
  update: { metaId: string; name: string; language: string; event: string },
  now: Date,
): Promise<boolean> {
  const status = approvalOf(update.event);
  if (status === null) return false;
  const [moved] = await db
    .update(templates)
    .set(status === 'archived' ? { archivedAt: now } : { whatsappStatus: status, archivedAt: null })
    .where(
      and(
        eq(templates.channelId, channel.id),
        or(eq(templates.metaId, update.metaId), and(eq(templates.name, update.name), eq(templates.metaLanguage, update.language))),
      ),
    )
    .returning({ id: templates.id });
  // A template created in Meta since the last sync: read the whole list now rather than guess its content.
  if (!moved && status !== 'archived') await enqueueJob(db, { kind: 'templates.sync', runAt: now, payload: { channelId: channel.id } });
  return !!moved;
}

/** Whether a sync of the channel is still to run (later than `after`, when given). */
async function syncPending(db: Db, channelId: string, after?: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, 'templates.sync'), isNull(jobs.doneAt), after ? gt(jobs.runAt, after) : undefined, sql`${jobs.payload}->>'channelId' = ${channelId}`))
    .limit(1);
  return !!row;
}

/**
 * The `templates.sync` job: syncs, then keeps the hourly chain going (one chain per channel:
 * a sync run on demand or by a webhook finds the next hourly run already there). A channel that
 * is gone or records its sends ends its chain.
 */
export async function templateSyncDue(db: Db, channelId: string, now: Date): Promise<void> {
  const [channel] = await db.select().from(channels).where(eq(channels.id, channelId));
  if (!isSyncable(channel)) return;
  if (channel.state !== 'disabled') {
    const result = await syncWhatsAppTemplates(db, channelId, now);
    if (!result.ok) console.error(`templates of channel ${channelId} could not be synced: ${result.reason}`);
  }
  if (!(await syncPending(db, channelId, now))) {
    await enqueueJob(db, { kind: 'templates.sync', runAt: new Date(now.getTime() + SYNC_EVERY_MS), payload: { channelId } });
  }
}

/** A sync now (a channel just connected), the hourly chain following from it. */
export const scheduleTemplateSync = (db: Db, channelId: string, now: Date) => enqueueJob(db, { kind: 'templates.sync', runAt: now, payload: { channelId } });

/** At start-up: every WhatsApp channel without a sync to come gets one now. */
export async function ensureTemplateSyncs(db: Db, now: Date): Promise<void> {
  const rows = await db.select().from(channels).where(eq(channels.provider, 'whatsapp'));
  for (const channel of rows.filter(isSyncable)) {
    if (!(await syncPending(db, channel.id))) await scheduleTemplateSync(db, channel.id, now);
  }
}
