import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, channels, messages, workspaces } from '@/db/schema';
import type { ATTACHMENT_FAILURES } from '@/db/schema/values';
import type { Provider } from '@/server/channels/credentials';
import type { InboundMediaProvider, MediaFetchOutcome } from '@/server/channels/media';
import type { Clock } from '@/server/clock';
import type { Effects } from '@/server/effects/unit-of-work';
import { nextAttempt } from '@/server/messages/retry-policy';
import { enqueueJob } from '@/server/scheduler/queue';
import { fileSizeCap, sniffedKind } from './policy';
import { stageDownload, TooLarge, type Staged } from './staging';
import { storeStaged } from './store';
import type { FileStorage } from './storage/storage';

/** How long one download may take before it is tried again later. */
const DOWNLOAD_TIMEOUT_MS = 50_000;

export type DownloadDeps = {
  providers: Partial<Record<Provider, InboundMediaProvider>>;
  storage: FileStorage;
  random?: () => number;
};

type Failure = (typeof ATTACHMENT_FAILURES)[number];

/**
 * The `media.download` job (SPEC §14): fetches one pending attachment from its provider, streams
 * it through the size cap and SHA-256 into storage (once per content), sniffs its type from the
 * bytes and marks it ready; the thread hears of it live. A transient fault tries again later like
 * a send (SPEC §13); the provider no longer having it, or attempts running out, fails it for good.
 * Idempotent: an attachment no longer pending is left alone.
 */
export async function downloadAttachment(db: Db, attachmentId: string, clock: Clock, fx: Effects, deps: DownloadDeps): Promise<void> {
  const [found] = await db
    .select({ attachment: attachments, channel: channels, settings: workspaces.settings })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .innerJoin(workspaces, eq(workspaces.id, attachments.workspaceId))
    .where(eq(attachments.id, attachmentId));
  if (!found || found.attachment.status !== 'pending' || !found.attachment.providerRef) return;
  const { attachment, channel } = found;
  const ref = found.attachment.providerRef;
  const cap = fileSizeCap(found.settings);

  const fail = async (failure: Failure, detail: string, attempts = attachment.attempts) => {
    const [done] = await db
      .update(attachments)
      .set({ status: 'failed', failure, failureDetail: detail.slice(0, 1000), attempts })
      .where(and(eq(attachments.id, attachment.id), eq(attachments.status, 'pending')))
      .returning({ messageId: attachments.messageId });
    if (done) fx.add({ kind: 'message.updated', messageId: done.messageId });
  };
  const retry = async (detail: string, retryAfterMs?: number) => {
    const attempts = attachment.attempts + 1;
    const next = nextAttempt({ attempts, queuedAt: attachment.createdAt, retryAfterMs }, clock.now(), (deps.random ?? Math.random)());
    if (next.giveUp) return fail('gone', `gave up after ${attempts} attempts: ${detail}`, attempts);
    await db.transaction(async (tx) => {
      await tx.update(attachments).set({ attempts, failureDetail: detail.slice(0, 1000) }).where(eq(attachments.id, attachment.id));
      await enqueueJob(tx, { kind: 'media.download', runAt: next.at, payload: { attachmentId: attachment.id } });
    });
  };

  const provider = channel.provider ? deps.providers[channel.provider] : undefined;
  if (!provider) return fail('gone', `no media download for provider ${channel.provider ?? 'none'}`);
  if (attachment.size !== null && attachment.size > cap) return fail('too_large', `the provider says ${attachment.size} bytes; the cap is ${cap}`);

  const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let outcome: MediaFetchOutcome;
  try {
    outcome = await provider.fetchMedia(ref, channel.secrets, signal);
  } catch (error) {
    return retry(error instanceof Error ? error.message : String(error));
  }
  if (outcome.outcome === 'gone') return fail('gone', outcome.detail);
  if (outcome.outcome === 'retry') return retry(outcome.detail, outcome.retryAfterMs);
  const { media } = outcome;
  if (media.size !== undefined && media.size > cap) {
    media.body.destroy();
    return fail('too_large', `the provider says ${media.size} bytes; the cap is ${cap}`);
  }

  let staged: Staged;
  try {
    staged = await stageDownload(media.body, cap, signal);
  } catch (error) {
    if (error instanceof TooLarge) return fail('too_large', `more than ${cap} bytes arrived`);
    return retry(`the download broke off: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    // Stored before any row names it, and outside a transaction: an upload may take a while. A
    // storage fault (S3 away) is thrown: the scheduler tries the job again later.
    const file = await storeStaged(db, deps.storage, attachment.workspaceId, staged);
    const [done] = await db
      .update(attachments)
      .set({ status: 'ready', kind: sniffedKind(attachment.kind, file.mimeType), fileId: file.id, mimeType: file.mimeType, size: file.size, fileName: attachment.fileName ?? media.fileName ?? null, failureDetail: null, downloadedAt: clock.now() })
      .where(and(eq(attachments.id, attachment.id), eq(attachments.status, 'pending')))
      .returning({ messageId: attachments.messageId });
    if (done) fx.add({ kind: 'message.updated', messageId: done.messageId });
  } finally {
    await staged.discard();
  }
}
