import { z } from 'zod';
import { releaseScheduled } from '@/server/messages/send';
import type { JobHandler } from './loop';
import type { JobKind } from './queue';

const MessageJob = z.object({ messageId: z.uuid() });

/** What each kind of job does when it falls due. */
export const jobHandlers: Record<JobKind, JobHandler> = {
  'message.release_scheduled': (db, payload, clock) => releaseScheduled(db, MessageJob.parse(payload).messageId, clock),
};
