import { describe, expect, it } from 'vitest';
import { translate, type Locale } from '@/i18n/messages';
import type { DeadlineView } from '@/server/protocols/view';
import { deadlineText } from './deadline-text';

const viewer = (locale: Locale, nowIso: string, zone = 'Europe/Madrid') => ({
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars),
  locale,
  zone,
  now: new Date(nowIso),
});

// A chat opened at 20:42 Madrid: its 2-hour business-clock stage is due 10:42 tomorrow.
const firstMessage: DeadlineView = {
  id: '00000000-0000-4000-8000-000000000001',
  protocol: 'Primer contacto',
  stage: 'Primer mensaje',
  status: 'pending',
  enforcement: 'required',
  clock: 'business',
  zone: 'Europe/Madrid',
  quietHours: { start: '21:00', end: '09:00' },
  startedAt: '2026-11-20T19:42:00.000Z',
  dueAt: '2026-11-21T09:42:00.000Z',
  metAt: null,
};

describe('deadline chip text', () => {
  it('at 20:42 names the due instant instead of "quedan 2 h 0 min"', () => {
    const es = deadlineText(viewer('es', '2026-11-20T19:42:00Z'), firstMessage);
    expect(es.label).toBe('vence mañana 10:42');
    expect(es.hover).toBe('Primer contacto: Primer mensaje · vence mañana 10:42');
    expect(deadlineText(viewer('en', '2026-11-20T19:42:00Z'), firstMessage).label).toBe('due tomorrow 10:42');
  });

  it('paused at night says when it resumes, with the due time on hover', () => {
    const es = deadlineText(viewer('es', '2026-11-20T21:30:00Z'), firstMessage);
    expect(es.label).toBe('en pausa hasta mañana a las 09:00');
    expect(es.hover).toBe('Primer contacto: Primer mensaje · en pausa hasta mañana a las 09:00 · vence mañana 10:42');
    // After midnight the resume is today.
    expect(deadlineText(viewer('es', '2026-11-21T01:00:00Z'), firstMessage).label).toBe('en pausa hasta las 09:00');
    expect(deadlineText(viewer('en', '2026-11-21T01:00:00Z'), firstMessage).label).toBe('paused until 09:00');
  });

  it('in the working day counts down in real time, the due time beside it', () => {
    const en = deadlineText(viewer('en', '2026-11-21T08:30:00Z'), firstMessage);
    expect(en).toMatchObject({ label: '1 h 12 min left', due: 'due today 10:42', dueInLabel: false });
    expect(deadlineText(viewer('es', '2026-11-21T10:00:00Z'), firstMessage)).toMatchObject({ label: 'vencido hace 18 min', due: 'venció hoy 10:42' });
  });

  it("reads the due time in the agent's own zone", () => {
    expect(deadlineText(viewer('en', '2026-11-21T08:30:00Z', 'America/Mexico_City'), firstMessage).due).toBe('due today 03:42');
  });
});
