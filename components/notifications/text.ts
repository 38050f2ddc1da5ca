import type { Locale, MessageKey } from '@/i18n/messages';
import type { NotificationView } from '@/server/notifications/view';
import { builtInName } from '../protocols/built-in-names';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The one line a notification reads as, in the bell and in the browser's own notification. */
export function notificationText(t: T, locale: Locale, n: NotificationView): string {
  const contact = n.contactName ?? '—';
  // A built-in stage is stored by its Spanish name: an English reader gets the English one.
  const stage = builtInName(locale, n.data.stage ?? '');
  switch (n.kind) {
    case 'assigned':
      return n.actorName ? t('notifications.assigned', { actor: n.actorName, contact }) : t('notifications.assignedBySystem', { contact });
    case 'mention':
      return t('notifications.mention', { actor: n.actorName ?? '—', contact, excerpt: n.data.excerpt ?? '' });
    case 'deadline_soon':
      return t(n.data.unassigned ? 'notifications.deadline_soon_unassigned' : 'notifications.deadline_soon', { stage, contact });
    case 'breach':
      return t('notifications.breach', { stage, contact });
    case 'escalation':
      return n.data.yours ? t('notifications.escalationYours', { level: n.data.level ?? 1 }) : t('notifications.escalation', { agent: n.data.agentName ?? '—', level: n.data.level ?? 1 });
    case 'channel_attention':
      return t('notifications.channel_attention', { channel: n.data.channelName ?? '—', reason: n.data.excerpt ?? '' });
  }
}
