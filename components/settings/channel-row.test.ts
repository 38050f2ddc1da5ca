import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ApiChannel } from '@/server/channels/settings/schemas';
import { renderStatic } from '../testing';
import { ChannelForm } from './channel-form';
import { ChannelRow } from './channel-row';

const channel: ApiChannel = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'whatsapp',
  provider: 'whatsapp',
  name: 'WhatsApp · Clínica',
  publicId: 'whatsapp-abc',
  state: 'connected',
  stateReason: null,
  webhookUrl: 'https://inbox.example.com/api/webhooks/whatsapp/whatsapp-abc',
  verifyToken: 'meta-verify-token',
  credentials: { accessToken: '••••1234', phoneNumberId: '••••0001', wabaId: '••••0002', appSecret: '••••cafe' },
  settings: {},
};
const row = (c: Partial<ApiChannel>, locale: 'es' | 'en') => renderStatic(createElement(ChannelRow, { channel: { ...channel, ...c }, onChanged: () => {} }), locale);

describe('a channel in Settings → Channels', () => {
  it('shows what to paste in Meta’s console, copyable, and each credential only masked with "replace"', () => {
    const html = row({}, 'en');
    expect(html).toContain('https://inbox.example.com/api/webhooks/whatsapp/whatsapp-abc');
    expect(html).toContain('meta-verify-token');
    expect(html).toContain('aria-label="Copy Webhook URL"');
    expect(html).toContain("Paste these in the provider&#x27;s console");
    for (const masked of ['••••1234', '••••0001', '••••0002', '••••cafe']) expect(html).toContain(masked);
    expect(html).toContain('aria-label="Replace Access token"');
    expect(html).toContain('Connected');
  });

  it('needing attention, it shows the provider’s reason as given, or Cadence’s own in the user’s language', () => {
    expect(row({ state: 'needs_attention', stateReason: 'Error validating access token: Session has expired' }, 'es')).toContain('Error validating access token: Session has expired');
    const ours = row({ state: 'needs_attention', stateReason: 'WEBHOOK_NOT_REGISTERED' }, 'es');
    expect(ours).toContain('Requiere atención');
    expect(ours).toContain('Sustituye las credenciales para intentarlo de nuevo.');
    expect(ours).toContain('Volver a conectar');
  });

  it('says Cadence registered the webhook itself for Telegram, and offers enabling a disabled channel', () => {
    const html = row({ kind: 'telegram', provider: 'telegram', verifyToken: undefined, credentials: { botToken: '••••wxyz' }, state: 'disabled' }, 'es');
    expect(html).toContain('Cadence ya ha indicado esta URL al proveedor');
    expect(html).toContain('>Activar</button>');
    expect(html).not.toContain('Token de verificación');
  });
});

describe('the form to connect a channel', () => {
  it('asks for the provider’s fields with labels, secrets typed blind', () => {
    const html = renderStatic(createElement(ChannelForm, { onConnected: () => {}, onCancel: () => {} }), 'es');
    for (const label of ['Token de acceso', 'ID del número de teléfono', 'ID de la cuenta de WhatsApp Business', 'Clave secreta de la app']) expect(html).toContain(`>${label}</span>`);
    expect(html.match(/type="password"/g)).toHaveLength(2);
    expect(html).toContain('>Sandbox</option>');
  });
});
