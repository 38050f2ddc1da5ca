import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { fileMissingDetail } from '@/server/channels/provider-errors';
import type { MessageView } from '@/server/messages/view';
import { renderStatic } from '../testing';
import { MessageBubble } from './message-bubble';

const failed: MessageView = {
  id: '00000000-0000-4000-8000-000000000002',
  conversationId: '00000000-0000-4000-8000-000000000003',
  direction: 'outbound',
  authorKind: 'agent',
  authorId: null,
  kind: 'free_form',
  tag: null,
  body: 'Hola',
  status: 'failed',
  providerMessageId: null,
  error: { code: 'GAVE_UP', message: 'HTTP 503 (gave up after 8 attempts)' },
  retryable: true,
  sentAt: '2026-11-20T12:00:00.000Z',
  sentAtFromArrival: false,
  attachments: [],
};
const bubble = (m: Partial<MessageView>, locale: 'es' | 'en') => renderStatic(createElement(MessageBubble, { message: { ...failed, ...m } }), locale);

describe('an outbound message in the thread', () => {
  it.each([
    ['queued', '⏳', 'En cola'],
    ['sent', '✓', 'Enviado'],
    ['delivered', '✓✓', 'Entregado'],
    ['read', '✓✓', 'Leído'],
  ] as const)('shows %s with its mark', (status, mark, label) => {
    const html = bubble({ status, error: null, retryable: false }, 'es');
    expect(html).toContain(`${mark} </span>${label}`);
    expect(html).not.toContain('Reintentar');
  });

  it('a time the provider did not give believably is marked as the arrival time', () => {
    expect(bubble({ status: 'sent', error: null, sentAtFromArrival: true }, 'es')).toContain('hora de llegada');
    expect(bubble({ status: 'sent', error: null, sentAtFromArrival: true }, 'en')).toContain('arrival time');
    expect(bubble({ status: 'sent', error: null }, 'es')).not.toContain('hora de llegada');
  });

  it('read stands out from delivered by colour', () => {
    expect(bubble({ status: 'read', error: null }, 'es')).toContain('text-tick-read');
    expect(bubble({ status: 'delivered', error: null }, 'es')).not.toContain('text-tick-read');
  });

  it('a retryable failure explains itself in the user’s language, keeps the provider’s words, and offers Retry', () => {
    const html = bubble({}, 'en');
    expect(html).toContain('The provider kept failing after several attempts over hours.');
    expect(html).toContain('GAVE_UP: HTTP 503 (gave up after 8 attempts)');
    expect(html).toContain('>Retry</button>');
  });

  it('a permanent failure with a code Cadence does not know shows the provider’s own words and no Retry', () => {
    const html = bubble({ error: { code: 'twilio.30007', message: 'Message filtered' }, retryable: false }, 'es');
    expect(html).toContain('twilio.30007: Message filtered');
    expect(html).not.toContain('Reintentar');
  });

  it('a send refused by the window at its time says why', () => {
    expect(bubble({ error: { code: 'TEMPLATE_REQUIRED', message: null }, retryable: false }, 'en')).toContain('WhatsApp only delivers an approved template');
  });

  it('a file gone from storage names it in the reader’s language, asks to attach it again, and offers no Retry', () => {
    const one = { error: { code: 'FILE_MISSING', message: fileMissingDetail(['factura.pdf']) }, retryable: false };
    const es = bubble(one, 'es');
    expect(es).toContain('el archivo «factura.pdf» ya no está guardado en Cadence. Adjúntalo de nuevo');
    expect(es).not.toContain('Reintentar');
    expect(es).not.toContain('No longer in storage');
    expect(bubble(one, 'en')).toContain('the file &quot;factura.pdf&quot; is no longer stored in Cadence. Attach it again');
    const two = bubble({ error: { code: 'FILE_MISSING', message: fileMissingDetail(['a.png', 'b.ogg']) }, retryable: false }, 'en');
    expect(two).toContain('the files &quot;a.png&quot;, &quot;b.ogg&quot; are no longer stored');
    // A detail that does not name them still explains the code.
    expect(bubble({ error: { code: 'FILE_MISSING', message: null }, retryable: false }, 'es')).toContain('un archivo adjunto ya no está guardado');
  });

  it('an unknown outcome asks to check before resending, and offers no Retry', () => {
    const html = bubble({ status: 'unknown', error: { code: 'UNKNOWN', message: 'ETIMEDOUT' }, retryable: false }, 'es');
    expect(html).toContain('Desconocido');
    expect(html).toContain('Compruébalo antes de reenviar');
    expect(html).not.toContain('Reintentar');
  });
});
