import { z } from 'zod';
import type { DeliveryUpdate, InboundMessage, ParsedWebhook } from '../inbound';

// WhatsApp Cloud API webhook: entry[].changes[].value.{contacts, messages, statuses}.
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

const WaMessage = z
  .object({
    id: z.string().min(1),
    from: z.string().optional(),
    from_user_id: z.string().optional(),
    timestamp: unixSeconds,
    type: z.string(),
    text: z.object({ body: z.string() }).optional(),
    image: z.object({ caption: z.string().optional() }).optional(),
    video: z.object({ caption: z.string().optional() }).optional(),
    document: z.object({ caption: z.string().optional(), filename: z.string().optional() }).optional(),
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
});

export const WhatsAppPayloadSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
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

/** Text of a message of any type; media without a caption still shows what arrived. */
function bodyOf(m: WaMessage): string {
  const text =
    m.text?.body ??
    m.button?.text ??
    m.interactive?.button_reply?.title ??
    m.interactive?.list_reply?.title ??
    m.image?.caption ??
    m.video?.caption ??
    m.document?.caption ??
    m.document?.filename;
  return text && text.length > 0 ? text : `[${m.type}]`;
}

export function parseWhatsApp(json: unknown): ParsedWebhook {
  const payload = WhatsAppPayloadSchema.parse(json);
  const messages: InboundMessage[] = [];
  const updates: DeliveryUpdate[] = [];
  for (const entry of payload.entry) {
    for (const { value } of entry.changes) {
      for (const m of value.messages ?? []) {
        const contact = value.contacts?.find(
          (c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id),
        );
        messages.push({
          providerMessageId: m.id,
          externalId: (m.from ?? m.from_user_id)!,
          contactName: contact?.profile?.name ?? null,
          contactPhone: m.from ? `+${m.from}` : null,
          body: bodyOf(m),
          sentAt: m.timestamp,
          echo: false,
        });
      }
      for (const s of value.statuses ?? []) {
        const error = s.errors?.[0];
        updates.push({
          providerMessageId: s.id,
          status: s.status,
          at: s.timestamp,
          error: error ? { code: String(error.code), message: error.message ?? error.title ?? '' } : null,
        });
      }
    }
  }
  return { messages, updates };
}
