import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import { LINK_TTL_MS } from '@/server/files/signed-url';
import type { Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider } from '../../provider-http';
import { checkByReading, GRAPH_VERSION, sendOutcome } from '../meta-graph';
import { piecesOf, sendInParts } from '../parts';

/*
 * Messenger and Instagram delivery (SPEC §13): `POST /v26.0/me/messages` with the page's (or the
 * professional account's) token, "me" being whoever the token belongs to. A reply inside the
 * window goes as `RESPONSE`; a tagged send (HUMAN_AGENT and the others the window policy allows)
 * as `MESSAGE_TAG` with its tag.
 *
 * A file goes as its own message, `attachment {type, payload:{url, is_reusable:false}}`, the URL
 * Cadence's signed one (Meta downloads it before answering). Neither product has captions: the
 * text goes first, a file's caption after it. Instagram sends no documents: a document goes as
 * its link in a text. Each part is sent once (../parts.ts).
 */

/** Rate limits and Meta's own trouble: worth another try. */
const TRANSIENT = new Set([2, 4, 613]);

const SendAnswer = z.object({ message_id: z.string().min(1) });

type Account = { id: string | undefined; token: string | undefined };

/** The page (Messenger) or professional account (Instagram) a channel sends as, and its token. */
export const accountOf: Record<'messenger' | 'instagram', (secrets: ChannelSecrets) => Account> = {
  messenger: (s) => ({ id: s.pageId, token: s.pageAccessToken }),
  instagram: (s) => ({ id: s.accountId, token: s.accessToken }),
};

type Product = 'messenger' | 'instagram';

/** The attachment type a file goes as, or null when the product takes no such file (Instagram and documents). */
export function attachmentTypeOf(product: Product, file: Pick<OutboundAttachment, 'mimeType'>): 'image' | 'audio' | 'video' | 'file' | null {
  const type = file.mimeType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/png' || type === 'image/gif') return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return product === 'messenger' ? 'file' : null;
}

function requestBody(d: Delivery, message: Record<string, unknown>) {
  const tag = d.message.kind === 'tagged' ? d.message.tag : null;
  return {
    recipient: { id: d.recipient },
    messaging_type: tag ? 'MESSAGE_TAG' : 'RESPONSE',
    ...(tag ? { tag } : {}),
    message,
  };
}

/** The message of one part: a text, a file by its signed URL, or (a file the product does not take) its link. */
function partMessage(product: Product, piece: ReturnType<typeof piecesOf>[number]): Record<string, unknown> {
  if (piece.kind === 'text') return { text: piece.text };
  const type = attachmentTypeOf(product, piece.file);
  if (!type) return { text: `${piece.file.fileName}: ${piece.file.url(LINK_TTL_MS)}` };
  return { attachment: { type, payload: { url: piece.file.url(), is_reusable: false } } };
}

function messagingOutbound(provider: 'messenger' | 'instagram', check: { fields: string; expect: z.ZodType }): OutboundProvider {
  async function send(d: Delivery): Promise<DeliveryOutcome> {
    const { token } = accountOf[provider](d.channel.secrets);
    if (!token) return { outcome: 'failed', code: `${provider}.credentials`, detail: 'the access token is required', channel: 'needs_attention' };
    const post = async (message: Record<string, unknown>) => {
      const call = await callProvider(provider, `/${GRAPH_VERSION}/me/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestBody(d, message)),
        // Meta fetches a file before it answers.
        timeoutMs: 'attachment' in message ? 60_000 : undefined,
      });
      return sendOutcome(provider, call, { transient: TRANSIENT, idOf: (json) => SendAnswer.safeParse(json).data?.message_id ?? null, now: new Date() });
    };
    if (d.attachments.length === 0) return post({ text: d.message.body });
    const pieces = piecesOf(d.message.body, d.attachments, () => false);
    return sendInParts(
      d,
      pieces.map((piece) => () => post(partMessage(provider, piece))),
    );
  }
  return {
    send,
    check: (secrets) => checkByReading(provider, { ...accountOf[provider](secrets), fields: check.fields }, check.expect),
    // 300 calls a second per page; no rule per person.
    pacing: { perSecond: 300, perRecipientMs: 0, concurrency: 20 },
  };
}

export const messengerOutbound = messagingOutbound('messenger', { fields: 'name', expect: z.object({ name: z.string() }) });
export const instagramOutbound = messagingOutbound('instagram', { fields: 'username', expect: z.object({ username: z.string() }) });
