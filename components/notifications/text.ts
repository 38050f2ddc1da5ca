import type { MessageKey } from '@/i18n/messages';
import type { NotificationView } from '@/server/notifications/view';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The one line a notification reads as, in the bell and in the browser's own notification. */
export function notificationText(t: T, n: NotificationView): string {
  const contact = n.contactName ?? '—';
  switch (n.kind) {
    case 'assigned':
      return n.actorName ? t('notifications.assigned', { actor: n.actorName, contact }) : t('notifications.assignedBySystem', { contact });
    case 'mention':
      return t('notifications.mention', { actor: n.actorName ?? '—', contact, excerpt: n.data.excerpt ?? '' });
    case 'deadline_soon':
      return t(n.data.unassigned ? 'notifications.deadline_soon_unassigned' : 'notifications.deadline_soon', { stage: n.data.stage ?? '', contact });
    case 'breach':
      return t('notifications.breach', { stage: n.data.stage ?? '', contact });
    case 'escalation':
      return t('notifications.escalation', { agent: n.data.agentName ?? '—', level: n.data.level ?? 1 });
  }
}
