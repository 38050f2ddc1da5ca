import type { NotificationData } from '@/db/schema/notifications';
import type { NOTIFICATION_KINDS } from '@/db/schema/values';

/** A notification as the bell and the realtime event carry it. */
export type NotificationView = {
  id: string;
  kind: (typeof NOTIFICATION_KINDS)[number];
  conversationId: string | null;
  contactName: string | null;
  actorName: string | null;
  data: NotificationData;
  createdAt: string;
  readAt: string | null;
};
