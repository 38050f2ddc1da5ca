import { z } from 'zod';
import type { ParsedWebhook } from '../../inbound';

/** Our own test channel: one message per request, signed like Meta's webhooks. */
export const SandboxPayloadSchema = z.object({
  id: z.string().min(1).max(200),
  from: z.object({
    id: z.string().min(1).max(200),
    name: z.string().min(1).max(200).optional(),
    phone: z.string().max(40).optional(),
  }),
  text: z.string().min(1).max(4096),
  timestamp: z.iso.datetime({ offset: true }),
});

export function parseSandbox(json: unknown): ParsedWebhook {
  const p = SandboxPayloadSchema.parse(json);
  return {
    messages: [
      {
        providerMessageId: p.id,
        externalId: p.from.id,
        contactName: p.from.name ?? null,
        contactPhone: p.from.phone ?? null,
        body: p.text,
        sentAt: new Date(p.timestamp),
        echo: false,
      },
    ],
    updates: [],
  };
}
