import { z } from 'zod';
import { StageSchema } from '@/db/schema/stage';

export const UpdateProtocolInput = z.object({
  protocolId: z.uuid(),
  name: z.string().trim().min(1, 'name the protocol').max(100, 'at most 100 characters'),
  active: z.boolean(),
  stopEvents: z.array(z.string().regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'an event type like "session.booked"')).max(20),
  autoMessageMinutes: z.number().int().min(1).max(24 * 60).nullable(),
  inactivityDays: z.number().int().min(1).max(365).nullable(),
  stages: z.array(StageSchema).min(1, 'a protocol needs at least one stage').max(10),
});

export const ExcuseBreachInput = z.object({
  breachId: z.uuid(),
  reason: z.string().trim().min(3, 'say why the breach is excused').max(500),
});

export const NoticeIdInput = z.object({ noticeId: z.uuid() });
