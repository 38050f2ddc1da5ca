import { z } from 'zod';
import { wakeConversation } from '@/server/conversations/actions';
import { releaseScheduled } from '@/server/messages/send';
import { autoMessageDue, deadlineDue, deadlineSoon, sweep } from '@/server/protocols/jobs';
import type { JobHandler } from './loop';
import type { JobKind } from './queue';

const MessageJob = z.object({ messageId: z.uuid() });
const DeadlineJob = z.object({ deadlineId: z.uuid() });
const RunJob = z.object({ runId: z.uuid() });
const ConversationJob = z.object({ conversationId: z.uuid() });

/** What each kind of job does when it falls due. */
export const jobHandlers: Record<JobKind, JobHandler> = {
  'message.release_scheduled': (db, payload, clock) => releaseScheduled(db, MessageJob.parse(payload).messageId, clock),
  'deadline.warn': (db, payload, clock) => deadlineSoon(db, DeadlineJob.parse(payload).deadlineId, clock),
  'deadline.due': (db, payload, clock) => deadlineDue(db, DeadlineJob.parse(payload).deadlineId, clock),
  'protocol.auto_message': (db, payload, clock) => autoMessageDue(db, RunJob.parse(payload).runId, clock),
  'conversation.wake': (db, payload) => wakeConversation(db, ConversationJob.parse(payload).conversationId),
  'maintenance.sweep': (db, _payload, clock) => sweep(db, clock),
};
