import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../testdata/load';
import { parseWhatsApp } from './inbound';

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
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'whatsapp.131014' } });
    expect(failed!.error!.message).toContain('404');
  });

  it('carries our message id back from biz_opaque_callback_data, and only when it is one', () => {
    const status = (data: string) => ({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { statuses: [{ id: 'wamid.1', status: 'sent', timestamp: '1', biz_opaque_callback_data: data }] } }] }],
    });
    expect(parseWhatsApp(status('0b9f6d4e-58a5-4a8e-9d5c-3d2f4f0f9a11')).updates[0]!.messageId).toBe('0b9f6d4e-58a5-4a8e-9d5c-3d2f4f0f9a11');
    expect(parseWhatsApp(status('campaign-7')).updates[0]).not.toHaveProperty('messageId');
  });

  it('parses a template status change, and refuses one without the template named', () => {
    const change = (value: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value }] }],
    });
    const update = { event: 'APPROVED', message_template_id: 12345678, message_template_name: 'my_message_template', message_template_language: 'pt_BR', reason: null };
    expect(parseWhatsApp(change(update))).toEqual({
      messages: [],
      updates: [],
      templates: [{ metaId: '12345678', name: 'my_message_template', language: 'pt_BR', event: 'APPROVED' }],
    });
    expect(() => parseWhatsApp(change({ event: 'APPROVED' }))).toThrow(/message_template_id/);
  });

  it('shows a media type without its media object as its type', () => {
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

describe('WhatsApp media (SPEC §14)', () => {
  const only = (fixture: string) => parseWhatsApp(fixtureJson(fixture)).messages[0]!;

  it('an image is a file by media id, with Meta’s type and the caption, which is the whole body', () => {
    const m = only('whatsapp_inbound_image.jsonc');
    expect(m.media).toEqual([{ kind: 'image', ref: 'id_image', mimeType: 'image/jpeg', caption: 'Check out my new phone!' }]);
    expect(m.body).toBe('Check out my new phone!');
  });

  it('a voice note is audio, and leaves the body empty (no "[voice]")', () => {
    const m = only('whatsapp_inbound_voice.jsonc');
    expect(m.media).toEqual([{ kind: 'audio', ref: 'id_voice', mimeType: 'audio/ogg; codecs=opus' }]);
    expect(m.body).toBe('');
  });

  it('a document keeps its caption; a location is carried whole', () => {
    expect(only('whatsapp_inbound_document.jsonc').media).toEqual([
      { kind: 'document', ref: 'id_document', mimeType: 'application/pdf', caption: '80skaraokesonglistartist' },
    ]);
    const location = only('whatsapp_inbound_location.jsonc');
    expect(location.media).toEqual([{ kind: 'location', latitude: 0, longitude: 1, name: 'Main Street Beach', address: 'Main Street Beach, Santa Cruz, CA' }]);
    expect(location.body).toBe('');
  });

  const message = (extra: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 'wamid.m', from: '34600111222', timestamp: '1700000000', ...extra }] } }] }],
  });

  it('reads the Cloud API’s audio, video, sticker and a document’s file name', () => {
    const [audio] = parseWhatsApp(message({ type: 'audio', audio: { id: 'a1', mime_type: 'audio/ogg', voice: true } })).messages;
    expect(audio!.media).toEqual([{ kind: 'audio', ref: 'a1', mimeType: 'audio/ogg' }]);
    const [video] = parseWhatsApp(message({ type: 'video', video: { id: 'v1', caption: 'look' } })).messages;
    expect(video!.media).toEqual([{ kind: 'video', ref: 'v1', caption: 'look' }]);
    const [sticker] = parseWhatsApp(message({ type: 'sticker', sticker: { id: 's1', mime_type: 'image/webp', animated: false } })).messages;
    expect(sticker!.media).toEqual([{ kind: 'sticker', ref: 's1', mimeType: 'image/webp' }]);
    const [doc] = parseWhatsApp(message({ type: 'document', document: { id: 'd1', filename: 'receipt.pdf' } })).messages;
    expect(doc!.media).toEqual([{ kind: 'document', ref: 'd1', fileName: 'receipt.pdf' }]);
    expect(doc!.body).toBe('');
  });

  it('contact cards: name and phones of each', () => {
    const [m] = parseWhatsApp(
      message({
        type: 'contacts',
        contacts: [
          { name: { formatted_name: 'Ana López', first_name: 'Ana' }, phones: [{ phone: '+34 600 111 222', wa_id: '34600111222', type: 'CELL' }] },
          { name: { first_name: 'Luis', last_name: 'Gil' }, phones: [{ wa_id: '5215550001' }] },
        ],
      }),
    ).messages;
    expect(m!.media).toEqual([
      { kind: 'contact', name: 'Ana López', phones: ['+34 600 111 222'] },
      { kind: 'contact', name: 'Luis Gil', phones: ['+5215550001'] },
    ]);
  });

  it('refuses a location outside the globe, naming the field', () => {
    expect(() => parseWhatsApp(message({ type: 'location', location: { latitude: 91, longitude: 0 } }))).toThrow(/latitude/);
  });

  it('a file type without its media object attaches nothing and says what arrived', () => {
    const [m] = parseWhatsApp(message({ type: 'reaction', reaction: { emoji: '👍' } })).messages;
    expect(m!.media).toBeUndefined();
    expect(m!.body).toBe('[reaction]');
  });
});
