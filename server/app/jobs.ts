import { z } from 'zod';
import type { Db } from '@/db/client';
import { LineProfileJob, nameFromLineProfile } from '@/server/channels/providers/line/profile';
import type { Clock } from '@/server/clock';
import { nameContactFromProfile, ProfileJob } from '@/server/channels/providers/meta-messaging/profile';
import { templateSyncDue } from '@/server/channels/providers/whatsapp/template-sync';
import { wakeConversation } from '@/server/conversations/actions';
import type { Effects } from '@/server/effects/unit-of-work';
import { releaseScheduled } from '@/server/messages/send';
import { purgeSendKeys } from '@/server/messages/send-keys';
import { autoMessageDue, deadlineDue, deadlineSoon, sweep } from '@/server/protocols/jobs';
import { ActivationJob, scanActivated } from '@/server/followups/activation';
import { followupDue } from '@/server/followups/due';
import { mediaProviders } from '@/server/channels/providers/media';
import { downloadAttachment } from '@/server/files/download';
import { fileStorage } from '@/server/files/storage';
import { purgeShortLinks } from '@/server/links/service';
import type { JobHandler } from '@/server/scheduler/loop';
import type { JobKind } from '@/server/scheduler/queue';
import { withEffects } from './flush';

const MessageJob = z.object({ messageId: z.uuid() });
const DeadlineJob = z.object({ deadlineId: z.uuid() });
const RunJob = z.object({ runId: z.uuid() });
const ConversationJob = z.object({ conversationId: z.uuid() });
const ChannelJob = z.object({ channelId: z.uuid() });
const FollowupJob = z.object({ runId: z.uuid() });
const AttachmentJob = z.object({ attachmentId: z.uuid() });

/** A job is an edge like a request: what it committed is told to the screens when it ends. */
const told =
  (run: (db: Db, payload: Record<string, unknown>, clock: Clock, fx: Effects) => Promise<void>): JobHandler =>
  (db, payload, clock) =>
    withEffects(db, (fx) => run(db, payload, clock, fx));

/** What each kind of job does when it falls due (the scheduler itself knows none of them). */
export const jobHandlers: Record<JobKind, JobHandler> = {
  'message.release_scheduled': told((db, payload, clock, fx) => releaseScheduled(db, MessageJob.parse(payload).messageId, clock, fx)),
  'deadline.warn': told((db, payload, clock, fx) => deadlineSoon(db, DeadlineJob.parse(payload).deadlineId, clock, fx)),
  'deadline.due': told((db, payload, clock, fx) => deadlineDue(db, DeadlineJob.parse(payload).deadlineId, clock, fx)),
  'protocol.auto_message': told((db, payload, clock, fx) => autoMessageDue(db, RunJob.parse(payload).runId, clock, fx)),
  'conversation.wake': told((db, payload, _clock, fx) => wakeConversation(db, ConversationJob.parse(payload).conversationId, fx)),
  'maintenance.sweep': told((db, _payload, clock, fx) => sweep(db, clock, fx)),
  // Tells nobody anything: forgetting a send's key changes no screen.
  'send_keys.purge': (db, _payload, clock) => purgeSendKeys(db, clock.now()),
  // Templates have no live view: a sync tells no screen.
  'templates.sync': (db, payload, clock) => templateSyncDue(db, ChannelJob.parse(payload).channelId, clock.now()),
  'contact.profile': told((db, payload, _clock, fx) => nameContactFromProfile(db, ProfileJob.parse(payload), fx)),
  'contact.profile_line': told((db, payload, _clock, fx) => nameFromLineProfile(db, LineProfileJob.parse(payload), fx)),
  'followup.due': told((db, payload, clock, fx) => followupDue(db, FollowupJob.parse(payload).runId, clock, fx)),
  'followup.activated': told((db, payload, clock, fx) => scanActivated(db, ActivationJob.parse(payload), clock, fx)),
  'short_links.purge': (db, _payload, clock) => purgeShortLinks(db, clock.now()),
  'media.download': told((db, payload, clock, fx) =>
    downloadAttachment(db, AttachmentJob.parse(payload).attachmentId, clock, fx, { providers: mediaProviders, storage: fileStorage() }),
  ),
};
