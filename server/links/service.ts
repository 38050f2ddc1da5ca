import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactEvents, jobs, shortLinks } from '@/db/schema';
import type { Effects } from '@/server/effects/unit-of-work';
import { config } from '@/server/env';
import { enqueueJob } from '@/server/scheduler/queue';
import { CODE_SHAPE, codeFrom, LINK_TTL_MS, shortened } from './policy';

function newCode(): string {
  for (;;) {
    const code = codeFrom(randomBytes(32));
    if (code) return code;
  }
}

/**
 * Replaces the `https://` links of an SMS by our short links, stored in the send's transaction
 * (SPEC §8); each is kept for a year. Returns the text to send and the codes, to be tied to the
 * message once it is stored.
 */
export async function shortenLinks(tx: Db, args: { workspaceId: string; contactId: string; body: string; now: Date }): Promise<{ body: string; codes: string[] }> {
  const base = config().PUBLIC_URL;
  const { links } = shortened(args.body, base, []);
  const codes: string[] = [];
  for (const url of links) {
    // A code already taken (once in 10^17) is drawn again.
    for (;;) {
      const code = newCode();
      const [row] = await tx
        .insert(shortLinks)
        .values({ code, workspaceId: args.workspaceId, contactId: args.contactId, url, createdAt: args.now, expiresAt: new Date(args.now.getTime() + LINK_TTL_MS) })
        .onConflictDoNothing()
        .returning({ code: shortLinks.code });
      if (!row) continue;
      codes.push(row.code);
      break;
    }
  }
  return { body: shortened(args.body, base, codes).body, codes };
}

export async function linkToMessage(tx: Db, codes: string[], messageId: string): Promise<void> {
  if (codes.length > 0) await tx.update(shortLinks).set({ messageId }).where(inArray(shortLinks.code, codes));
}

/**
 * A click on one of our links: the original URL, and a `link.clicked` event on the contact's
 * activity (SPEC §8, §9). Null for a code we never made or one past its year.
 */
export async function followShortLink(db: Db, code: string, now: Date, fx: Effects): Promise<string | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const [link] = await db
    .select()
    .from(shortLinks)
    .where(and(eq(shortLinks.code, code), gt(shortLinks.expiresAt, now)));
  if (!link) return null;
  await db.insert(contactEvents).values({
    workspaceId: link.workspaceId,
    contactId: link.contactId,
    type: 'link.clicked',
    occurredAt: now,
    properties: { url: link.url, code: link.code, ...(link.messageId ? { messageId: link.messageId } : {}) },
  });
  fx.add({ kind: 'contact.activity', contactId: link.contactId });
  return link.url;
}

const PURGE_EVERY_MS = 24 * 60 * 60 * 1000;

/** The daily purge (a job): links past their year are forgotten; a click finds them gone already. */
export async function purgeShortLinks(db: Db, now: Date): Promise<void> {
  await db.delete(shortLinks).where(lt(shortLinks.expiresAt, now));
  await enqueueJob(db, { kind: 'short_links.purge', runAt: new Date(now.getTime() + PURGE_EVERY_MS), payload: {} });
}

/** At start-up: make sure a purge is scheduled (one chain is enough; a second is harmless). */
export async function ensureShortLinkPurge(db: Db, now: Date): Promise<void> {
  const [pending] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, 'short_links.purge'), isNull(jobs.doneAt))).limit(1);
  if (!pending) await enqueueJob(db, { kind: 'short_links.purge', runAt: now, payload: {} });
}
