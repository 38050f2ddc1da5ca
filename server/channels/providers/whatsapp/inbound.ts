import { z } from 'zod';
import type { DeliveryUpdate, InboundMedia, InboundMessage, ParsedWebhook, TemplateStatusUpdate } from '../../inbound';

// WhatsApp Cloud API webhook: entry[].changes[].value.{contacts, messages, statuses}, and a
// template's new status under the field `message_template_status_update`.
// Since 2026 a contact may have only a business-scoped user id (`user_id` / `from_user_id`) and no phone.

const unixSeconds = z
  .string()
  .regex(/^\d+$/, 'must be a Unix time in seconds')
  .transform((s) => new Date(Number(s) * 1000));

const WaContact = z.object({
  profile: z.object({ name: z.string().optional() }).optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
});

/** A file sent by reference: its media id, and Meta's word on its type (the stored type is sniffed). */
const WaFile = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const WaContactCard = z.object({
  name: z.object({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).optional(),
  phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
});

const WaMessage = z
  .object({
    id: z.string().min(1),
    from: z.string().optional(),
    from_user_id: z.string().optional(),
    timestamp: unixSeconds,
    type: z.string(),
    text: z.object({ body: z.string() }).optional(),
    image: WaFile.optional(),
    audio: WaFile.optional(),
    /** The on-premises API's voice note; the Cloud API sends `audio` with `voice: true`. */
    voice: WaFile.optional(),
    video: WaFile.optional(),
    document: WaFile.optional(),
    sticker: WaFile.optional(),
    location: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: z.string().optional(), address: z.string().optional() })
      .optional(),
    contacts: z.array(WaContactCard).optional(),
    button: z.object({ text: z.string() }).optional(),
    interactive: z
      .object({
        button_reply: z.object({ title: z.string() }).optional(),
        list_reply: z.object({ title: z.string() }).optional(),
      })
      .optional(),
  })
  .refine((m) => m.from || m.from_user_id, { message: 'needs `from` or `from_user_id`', path: ['from'] });

const WaStatus = z.object({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: unixSeconds,
  errors: z
    .array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }))
    .optional(),
  /** What we sent as `biz_opaque_callback_data`: our message id. */
  biz_opaque_callback_data: z.string().optional(),
});

const TemplateStatusValue = z.object({
  event: z.string().min(1),
  message_template_id: z.union([z.number().int(), z.string().min(1)]).transform(String),
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
});

export const WhatsAppPayloadSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.looseObject({
            contacts: z.array(WaContact).optional(),
            messages: z.array(WaMessage).optional(),
            statuses: z.array(WaStatus).optional(),
          }),
        }),
      ),
    }),
  ),
});

type WaMessage = z.infer<typeof WaMessage>;

const FILE_KINDS = { image: 'image', audio: 'audio', voice: 'audio', video: 'video', document: 'document', sticker: 'sticker' } as const;

/** What the message attached (SPEC §14): a file by its media id, a location, or contact cards. */
function mediaOf(m: WaMessage): InboundMedia[] {
  if (m.type in FILE_KINDS) {
    const file = m[m.type as keyof typeof FILE_KINDS];
    if (!file) return [];
    const kind = FILE_KINDS[m.type as keyof typeof FILE_KINDS];
    return [{ kind, ref: file.id, ...(file.mime_type ? { mimeType: file.mime_type } : {}), ...(file.filename ? { fileName: file.filename } : {}), ...(file.caption ? { caption: file.caption } : {}) }];
  }
  if (m.type === 'location' && m.location) {
    const { latitude, longitude, name, address } = m.location;
    return [{ kind: 'location', latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) }];
  }
  if (m.type === 'contacts' && m.contacts) {
    return m.contacts.map((c) => {
      const phones = (c.phones ?? []).flatMap((p) => (p.phone ? [p.phone] : p.wa_id ? [`+${p.wa_id}`] : []));
      const name = c.name?.formatted_name ?? [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ');
      return { kind: 'contact' as const, name: name || phones[0] || '', phones };
    });
  }
  return [];
}

/**
 * Text of a message; one that attached something keeps only its caption (or nothing: the
 * attachment itself shows what arrived). Types Cadence does not read still say what they were.
 */
function bodyOf(m: WaMessage, media: InboundMedia[]): string {
  const text = m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
  if (text) return text;
  if (media.length > 0) return media.map((a) => ('caption' in a ? (a.caption ?? '') : '')).join('');
  return `[${m.type}]`;
}

export function parseWhatsApp(json: unknown): ParsedWebhook {
  const payload = WhatsAppPayloadSchema.parse(json);
  const messages: InboundMessage[] = [];
  const updates: DeliveryUpdate[] = [];
  const templates: TemplateStatusUpdate[] = [];
  for (const entry of payload.entry) {
    for (const { field, value } of entry.changes) {
      if (field === 'message_template_status_update') {
        const t = TemplateStatusValue.parse(value);
        templates.push({ metaId: t.message_template_id, name: t.message_template_name, language: t.message_template_language, event: t.event });
        continue;
      }
      for (const m of value.messages ?? []) {
        const contact = value.contacts?.find(
          (c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id),
        );
        const media = mediaOf(m);
        messages.push({
          providerMessageId: m.id,
          externalId: (m.from ?? m.from_user_id)!,
          contactName: contact?.profile?.name ?? null,
          contactPhone: m.from ? `+${m.from}` : null,
          body: bodyOf(m, media),
          sentAt: m.timestamp,
          echo: false,
          ...(media.length > 0 ? { media } : {}),
        });
      }
      for (const s of value.statuses ?? []) {
        const error = s.errors?.[0];
        const ours = z.uuid().safeParse(s.biz_opaque_callback_data);
        updates.push({
          providerMessageId: s.id,
          status: s.status,
          at: s.timestamp,
          // Named like the delivery worker's codes, so the thread explains an asynchronous refusal the same way.
          error: error ? { code: `whatsapp.${error.code}`, message: error.message ?? error.title ?? '' } : null,
          ...(ours.success ? { messageId: ours.data } : {}),
        });
      }
    }
  }
  return { messages, updates, ...(templates.length > 0 ? { templates } : {}) };
}
