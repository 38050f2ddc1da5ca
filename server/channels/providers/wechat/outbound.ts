import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import { LINK_TTL_MS } from '@/server/files/signed-url';
import type { CheckResult, Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider, type ProviderCall } from '../../provider-http';
import { multipartUpload } from '../multipart';
import { credentialsMissing, requireSecrets } from '../outcomes';
import { piecesOf, sendInParts, type Piece } from '../parts';
import { accessToken, dropToken } from './access-token';

/*
 * WeChat customer service messages (SPEC §13): `message/custom/send` with the app's access
 * token. WeChat answers HTTP 200 with `errcode` (0: sent) and gives sent messages no id, so
 * ours stands in for it. No idempotency: a lost answer leaves the message `unknown`.
 *
 * Files (SPEC §14): a JPEG or PNG is uploaded as temporary media (`media/upload?type=image`,
 * multipart) and sent as an `image` message by its media_id; WeChat's voice and video messages
 * take only its own formats, so any other file goes as its link in a text (signed for a week).
 * Images have no caption: the text first, a caption after. An upload sends nothing, so one that
 * fails or is unanswered is tried again; each send goes once (../parts.ts).
 */

const Answer = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });

/** The token was refused (expired, or replaced by a newer fetch): fetch another and send again, once. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** WeChat is busy: the message was not taken. */
const TRANSIENT = new Set([-1]);
/** The account may not send these messages at all: a manager must act. */
const CHANNEL = new Set([48001]);

/** What WeChat's answer to a send means (a stale token is handled before this). */
function wechatOutcome(call: ProviderCall, messageId: string): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: 'wechat.unreachable', detail: call.detail };
  if (call.kind === 'ambiguous') return { outcome: 'unknown', detail: `No answer from WeChat after sending (${call.detail}).` };
  const answer = Answer.safeParse(call.answer.json);
  if (!answer.success) return { outcome: 'unknown', detail: `WeChat answered ${call.answer.status}: ${call.answer.text.slice(0, 200)}` };
  const { errcode, errmsg } = answer.data;
  if (errcode === 0) return { outcome: 'sent', providerMessageId: `wechat-${messageId}` };
  const detail = `WeChat ${errcode}: ${errmsg ?? ''}`.trim();
  if (TRANSIENT.has(errcode) || STALE_TOKEN.has(errcode)) return { outcome: 'retry', code: `wechat.${errcode}`, detail };
  if (CHANNEL.has(errcode)) return { outcome: 'failed', code: `wechat.${errcode}`, detail, channel: 'needs_attention' };
  // 45015 (outside the 48 h window), 45047 (over the cap), 43004 (unfollowed), 40003 (unknown OpenID)…
  return { outcome: 'failed', code: `wechat.${errcode}`, detail };
}

const staleToken = (call: ProviderCall) => {
  if (call.kind !== 'answered') return false;
  const answer = Answer.safeParse(call.answer.json);
  return answer.success && STALE_TOKEN.has(answer.data.errcode);
};

type App = { appId: string; appSecret: string };

/** One call with the app's token; a token WeChat calls stale is dropped, and the call made again with a new one, once. */
async function withToken(app: App, call: (token: string) => Promise<ProviderCall>): Promise<{ refused: DeliveryOutcome } | { call: ProviderCall }> {
  const once = async (): Promise<{ refused: DeliveryOutcome } | { token: string; call: ProviderCall }> => {
    const token = await accessToken(app, Date.now());
    if (!token.ok) return { refused: token.outcome };
    return { token: token.token, call: await call(token.token) };
  };
  let made = await once();
  if ('call' in made && staleToken(made.call)) {
    dropToken(app, made.token);
    made = await once();
  }
  return made;
}

const sendMessage = async (app: App, d: Delivery, message: Record<string, unknown>): Promise<DeliveryOutcome> => {
  const body = JSON.stringify({ touser: d.recipient, ...message });
  const made = await withToken(app, (token) =>
    callProvider('wechat', `/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  );
  return 'refused' in made ? made.refused : wechatOutcome(made.call, d.message.id);
};

const Uploaded = z.object({ media_id: z.string().min(1) });

/** Uploads an image as temporary media: its media_id, or why not (retried when WeChat was busy or did not answer: nothing reached the follower). */
async function uploadImage(app: App, file: OutboundAttachment): Promise<{ mediaId: string } | DeliveryOutcome> {
  const made = await withToken(app, async (token) => {
    // Opened again for each try: a stream is read once.
    const form = multipartUpload({}, { field: 'media', fileName: file.fileName, mimeType: file.mimeType, body: await file.open() });
    return callProvider('wechat', `/cgi-bin/media/upload?access_token=${encodeURIComponent(token)}&type=image`, {
      method: 'POST',
      headers: { 'content-type': form.contentType },
      body: form.body,
      timeoutMs: 120_000,
    });
  });
  if ('refused' in made) return made.refused;
  const { call } = made;
  if (call.kind !== 'answered') return { outcome: 'retry', code: 'wechat.upload_unanswered', detail: `The image upload got no answer (${call.detail}); nothing reached the follower.` };
  const uploaded = Uploaded.safeParse(call.answer.json);
  if (uploaded.success) return { mediaId: uploaded.data.media_id };
  const outcome = wechatOutcome(call, '');
  // An answer without a media_id sent nothing either.
  if (outcome.outcome === 'sent' || outcome.outcome === 'unknown') return { outcome: 'retry', code: 'wechat.upload_unreadable', detail: `WeChat answered the upload without a media_id: ${call.answer.text.slice(0, 200)}` };
  return outcome;
}

const isImage = (file: OutboundAttachment) => file.mimeType === 'image/jpeg' || file.mimeType === 'image/png';

async function sendPiece(app: App, d: Delivery, piece: Piece): Promise<DeliveryOutcome> {
  if (piece.kind === 'text') return sendMessage(app, d, { msgtype: 'text', text: { content: piece.text } });
  const { file } = piece;
  if (!isImage(file)) return sendMessage(app, d, { msgtype: 'text', text: { content: `${file.fileName}: ${file.url(LINK_TTL_MS)}` } });
  const uploaded = await uploadImage(app, file);
  if ('outcome' in uploaded) return uploaded;
  return sendMessage(app, d, { msgtype: 'image', image: { media_id: uploaded.mediaId } });
}

async function send(d: Delivery): Promise<DeliveryOutcome> {
  const need = requireSecrets(d.channel.secrets, ['appId', 'appSecret']);
  if (!need.ok) return credentialsMissing(need.missing);
  const app = need.secrets;
  if (d.attachments.length === 0) return sendMessage(app, d, { msgtype: 'text', text: { content: d.message.body } });
  return sendInParts(
    d,
    piecesOf(d.message.body, d.attachments, () => false).map((piece) => () => sendPiece(app, d, piece)),
  );
}

/** Fetching a token proves the app id and secret. */
async function check(secrets: ChannelSecrets): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['appId', 'appSecret']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  const token = await accessToken(need.secrets, Date.now());
  return token.ok ? { ok: true } : { ok: false, reason: token.outcome.detail };
}

export const wechatOutbound: OutboundProvider = {
  send,
  check,
  // WeChat publishes no rate per account beyond daily quotas: a moderate pace.
  pacing: { perSecond: 20, perRecipientMs: 0, concurrency: 5 },
};
