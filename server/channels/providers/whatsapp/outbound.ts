import { z } from 'zod';
import type { Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider } from '../../provider-http';
import { checkByReading, GRAPH_VERSION, sendOutcome } from '../meta-graph';
import { multipartUpload } from '../multipart';
import { piecesOf, sendInParts } from '../parts';
import { sendComponents, templateParameterKeys, MetaComponents } from './template-components';

/*
 * WhatsApp Cloud API delivery (SPEC §13): `POST /v26.0/{phone-number-id}/messages` with the
 * channel's bearer token, a text or an approved template. The message id rides along as
 * `biz_opaque_callback_data`, which Meta echoes in every status webhook: a send whose answer was
 * lost (no idempotency here) is settled by the first status that names it.
 *
 * A file is uploaded first (`POST /{phone-number-id}/media`, multipart) and sent by the id Meta
 * gives it. The upload sends nothing to the contact: an upload that fails, or whose answer is
 * lost, is simply tried again (an unused media id expires on its own). Only the send is
 * unrepeatable, and each part of a message (its text, each file) is sent once (../parts.ts).
 */

/** Codes Meta says to try again later (throughput, pair rate, its own trouble). */
const TRANSIENT = new Set([130429, 131056, 131000, 131016, 1, 2, 4, 80007]);

const SendAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });

const UploadAnswer = z.object({ id: z.string().min(1) });

type Body = Record<string, unknown>;

type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

const baseType = (mimeType: string) => mimeType.split(';')[0]!.trim().toLowerCase();

/** The message type a file goes as (SPEC §14): WhatsApp's own types where it plays them, any other file as a document. */
export function whatsappMediaType(file: Pick<OutboundAttachment, 'kind' | 'mimeType'>): MediaType {
  const type = baseType(file.mimeType);
  if (type === 'image/jpeg' || type === 'image/png') return 'image';
  if (type === 'image/webp' && file.kind === 'sticker') return 'sticker';
  if (/^audio\/(aac|mp4|mpeg|amr|ogg)$/.test(type)) return 'audio';
  if (type === 'video/mp4' || type === 'video/3gpp') return 'video';
  return 'document';
}

/** Audio and stickers carry no caption; the others up to 1,024 characters. */
const takesCaption = (file: OutboundAttachment, caption: string) => ['image', 'video', 'document'].includes(whatsappMediaType(file)) && caption.length <= 1024;

const envelopeOf = (d: Delivery) => ({ messaging_product: 'whatsapp', to: d.recipient, biz_opaque_callback_data: d.message.id });

function requestBody(d: Delivery): Body | { unsupported: string } {
  const envelope = envelopeOf(d);
  if (!d.template) return { ...envelope, type: 'text', text: { body: d.message.body } };
  const needs = templateParameterKeys(MetaComponents.parse(d.template.components), d.template.parameterFormat);
  if ('unsupported' in needs) return needs;
  const components = sendComponents(d.template);
  return {
    ...envelope,
    type: 'template',
    template: { name: d.template.name, language: { policy: 'deterministic', code: d.template.language }, ...(components.length > 0 ? { components } : {}) },
  };
}

type Sender = { accessToken: string; phoneNumberId: string };

async function post(number: Sender, body: Body): Promise<DeliveryOutcome> {
  const call = await callProvider('whatsapp', `/${GRAPH_VERSION}/${number.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${number.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return sendOutcome('whatsapp', call, {
    transient: TRANSIENT,
    idOf: (json) => SendAnswer.safeParse(json).data?.messages[0]!.id ?? null,
    now: new Date(),
  });
}

/** Uploads the file's bytes: Meta's media id, or the outcome that stops the send (an unanswered upload is retried, nothing having been sent). */
async function upload(number: Sender, file: OutboundAttachment): Promise<{ mediaId: string } | DeliveryOutcome> {
  const type = baseType(file.mimeType);
  const form = multipartUpload({ messaging_product: 'whatsapp', type }, { field: 'file', fileName: file.fileName, mimeType: type, body: await file.open() });
  const call = await callProvider('whatsapp', `/${GRAPH_VERSION}/${number.phoneNumberId}/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${number.accessToken}`, 'content-type': form.contentType },
    body: form.body,
    // Up to 100 MB of a document, not the few seconds of a text.
    timeoutMs: 300_000,
  });
  const outcome = sendOutcome('whatsapp', call, { transient: TRANSIENT, idOf: (json) => UploadAnswer.safeParse(json).data?.id ?? null, now: new Date() });
  if (outcome.outcome === 'sent') return { mediaId: outcome.providerMessageId };
  if (outcome.outcome === 'unknown') return { outcome: 'retry', code: 'whatsapp.upload_unanswered', detail: `The file upload got no answer (${outcome.detail}); nothing reached the contact.` };
  return outcome;
}

async function sendFile(number: Sender, d: Delivery, file: OutboundAttachment, caption: string | null): Promise<DeliveryOutcome> {
  const uploaded = await upload(number, file);
  if ('outcome' in uploaded) return uploaded;
  const type = whatsappMediaType(file);
  const media = { id: uploaded.mediaId, ...(caption ? { caption } : {}), ...(type === 'document' ? { filename: file.fileName } : {}) };
  return post(number, { ...envelopeOf(d), type, [type]: media });
}

async function send(d: Delivery): Promise<DeliveryOutcome> {
  const { accessToken, phoneNumberId } = d.channel.secrets;
  if (!accessToken || !phoneNumberId) return { outcome: 'failed', code: 'whatsapp.credentials', detail: 'accessToken and phoneNumberId are required', channel: 'needs_attention' };
  const number = { accessToken, phoneNumberId };
  // A template goes alone: its media header is the template's, not the message's files.
  if (d.template || d.attachments.length === 0) {
    const body = requestBody(d);
    if ('unsupported' in body) return { outcome: 'failed', code: 'whatsapp.template_unsupported', detail: `the template has ${body.unsupported}` };
    return post(number, body);
  }
  const pieces = piecesOf(d.message.body, d.attachments, takesCaption);
  return sendInParts(
    d,
    pieces.map((piece) => () =>
      piece.kind === 'text' ? post(number, { ...envelopeOf(d), type: 'text', text: { body: piece.text } }) : sendFile(number, d, piece.file, piece.caption),
    ),
  );
}

export const whatsappOutbound: OutboundProvider = {
  send,
  check: (secrets) =>
    checkByReading(
      'whatsapp',
      { id: secrets.phoneNumberId, fields: 'display_phone_number,verified_name', token: secrets.accessToken },
      z.object({ display_phone_number: z.string() }),
    ),
  // 80 a second per number (Meta's default), about one every 6 s to one person (the pair rate).
  pacing: { perSecond: 80, perRecipientMs: 6_000, concurrency: 20 },
};
