import { z } from 'zod';
import { AUTO_RESPONDER_MODES } from '@/db/schema/values';

const Reply = z.string().trim().max(480, 'at most 480 characters (three SMS)');

/** The workspace's SMS answers (SPEC §8): an empty one uses our default in the workspace's language. */
export const SmsRepliesInput = z.object({
  locale: z.enum(['es', 'en']),
  help: Reply,
  optOut: Reply,
  optIn: Reply,
});

/** One SMS channel's auto-responder: whom it answers, and with what. */
export const AutoResponderInput = z
  .object({ channelId: z.uuid(), mode: z.enum(AUTO_RESPONDER_MODES), text: Reply })
  .refine((v) => v.mode === 'nobody' || v.text !== '', { path: ['text'], message: 'write the answer, or choose nobody' });
