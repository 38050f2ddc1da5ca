import type { Db } from '@/db/client';
import { AppError } from '@/server/errors';
import { messageRefusal } from '@/server/files/outbound-limits';
import { fileSizeCap } from '@/server/files/policy';
import { uploadsForSend } from '@/server/files/uploads';
import type { SendContext } from '@/server/windows/service';

/**
 * The uploads a send names, once they are known to be this workspace's, unexpired, and what the
 * conversation's channel takes (SPEC §14): else a refusal naming the file and the limit.
 */
export async function filesToSend(tx: Db, ctx: SendContext, ids: readonly string[] | undefined, now: Date) {
  const sent = await uploadsForSend(tx, ctx.conversation.workspaceId, ids ?? [], now);
  const refused = messageRefusal(ctx.channel.kind, sent, fileSizeCap(ctx.workspace.settings));
  if (!refused) return sent;
  const { index, refusal } = refused;
  const named = index === null ? 'attachments' : `attachments[${index}]${sent[index]!.fileName ? ` (${sent[index]!.fileName})` : ''}`;
  throw new AppError('ATTACHMENT_NOT_ACCEPTED', `${named}: ${refusal.reason}`, {
    attachment: index,
    refusal: refusal.code,
    ...(refusal.limit !== undefined ? { limit: refusal.limit } : {}),
    ...(refusal.accepted ? { accepted: refusal.accepted } : {}),
  });
}

/** SPEC §3 for a file: outside WhatsApp's 24 h, only a template goes, and a file only as its media header. */
export function windowRefusalForFiles(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'TEMPLATE_REQUIRED') return error;
  return new AppError(
    'TEMPLATE_REQUIRED',
    `${error.message} A file cannot go as a free-form message now: only an approved template with a media header may carry it.`,
    error.details,
  );
}
