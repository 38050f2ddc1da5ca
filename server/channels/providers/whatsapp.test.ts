import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../testdata/load';
import { parseWhatsApp } from './whatsapp';

describe('WhatsApp Cloud API payloads', () => {
  it('parses an inbound text with the profile name and the provider timestamp', () => {
    const { messages, updates } = parseWhatsApp(fixtureJson('whatsapp_inbound_text.jsonc'));
    expect(updates).toEqual([]);
    expect(messages).toEqual([
      {
        providerMessageId: 'external_id',
        externalId: '5678',
        contactName: 'Kerry Fisher',
        contactPhone: '+5678',
        body: 'Hello World',
        sentAt: new Date(1454119029 * 1000),
        echo: false,
      },
    ]);
  });

  it('accepts the 2026 form with only a business-scoped user id and no `from`', () => {
    const payload = fixtureJson('whatsapp_inbound_text_bsuid.jsonc') as {
      entry: { changes: { value: { contacts: Record<string, unknown>[]; messages: Record<string, unknown>[] } }[] }[];
    };
    const value = payload.entry[0]!.changes[0]!.value;
    delete value.contacts[0]!.wa_id;
    delete value.messages[0]!.from;
    value.messages[0]!.from_user_id = value.contacts[0]!.user_id;
    const [message] = parseWhatsApp(payload).messages;
    expect(message).toMatchObject({
      externalId: 'US.13491208655302741918',
      contactName: 'Test Name',
      contactPhone: null,
      body: 'Body Text',
    });
  });

  it('parses delivery statuses, failures with their error code', () => {
    expect(parseWhatsApp(fixtureJson('whatsapp_status_delivered.jsonc')).updates).toEqual([
      { providerMessageId: 'wamid.xyzxyz', status: 'delivered', at: new Date(1698266945 * 1000), error: null },
    ]);
    const [failed] = parseWhatsApp(fixtureJson('whatsapp_status_failed.jsonc')).updates;
    expect(failed).toMatchObject({ status: 'failed', error: { code: '131014' } });
    expect(failed!.error!.message).toContain('404');
  });

  it('shows media without a caption as its type', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 'm', from: '1', timestamp: '1', type: 'sticker' }] } }] }],
    };
    expect(parseWhatsApp(payload).messages[0]!.body).toBe('[sticker]');
  });

  it('refuses a payload of another product and a message with no sender, naming the field', () => {
    expect(() => parseWhatsApp({ object: 'page', entry: [] })).toThrow(/object/);
    const noSender = {
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 'm', timestamp: '1', type: 'text' }] } }] }],
    };
    expect(() => parseWhatsApp(noSender)).toThrow(/from/);
  });
});
