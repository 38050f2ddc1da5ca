import { describe, expect, it } from 'vitest';
import { translate, type Locale } from '@/i18n/messages';
import type { NotificationView } from '@/server/notifications/view';
import { notificationText } from './text';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
const escalation = (data: NotificationView['data']): NotificationView => ({ id: 'n', kind: 'escalation', conversationId: null, contactName: null, actorName: null, data, createdAt: '2026-12-03T11:15:00Z', readAt: null });

describe('notification text', () => {
  it('tells an agent of their own level in the second person, and leads by name', () => {
    expect(notificationText(t('es'), 'es', escalation({ level: 3, agentName: 'Ana García', yours: true }))).toBe('Has llegado al nivel 3 de seguimiento');
    expect(notificationText(t('en'), 'en', escalation({ level: 3, agentName: 'Ana García', yours: true }))).toBe('You reached follow-up level 3');
    expect(notificationText(t('es'), 'es', escalation({ level: 3, agentName: 'Ana García' }))).toBe('Ana García ha llegado al nivel 3 de seguimiento');
  });

  it('names a built-in stage in the reader\'s language, and a workspace\'s own stage as written', () => {
    const breach = (stage: string): NotificationView => ({ id: 'b', kind: 'breach', conversationId: 'c', contactName: 'Lucía Pérez', actorName: null, data: { stage }, createdAt: '2026-12-03T11:15:00Z', readAt: null });
    expect(notificationText(t('en'), 'en', breach('Primer mensaje'))).toContain('First message');
    expect(notificationText(t('en'), 'en', breach('Primer mensaje'))).not.toContain('Primer mensaje');
    expect(notificationText(t('es'), 'es', breach('Primer mensaje'))).toContain('Primer mensaje');
    expect(notificationText(t('en'), 'en', breach('Llamada de bienvenida'))).toContain('Llamada de bienvenida');
  });
});
