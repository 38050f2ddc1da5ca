import { describe, expect, it } from 'vitest';
import { fileRefusal, messageRefusal, outboundKindOf } from './outbound-limits';

const MB = 1024 * 1024;
const CAP = 25 * MB;
const file = (mimeType: string, size: number) => ({ mimeType, size, kind: outboundKindOf(mimeType) });

describe('what each channel takes outbound (SPEC §14)', () => {
  it('goes as the kind its sniffed type says; SVG is a document, not an image', () => {
    expect(outboundKindOf('image/png')).toBe('image');
    expect(outboundKindOf('audio/ogg; codecs=opus')).toBe('audio');
    expect(outboundKindOf('video/mp4')).toBe('video');
    expect(outboundKindOf('application/pdf')).toBe('document');
    expect(outboundKindOf('image/svg+xml')).toBe('document');
  });

  it('WhatsApp: JPEG/PNG up to 5 MB, voice notes as OGG/Opus, documents up to 100 MB within the workspace cap', () => {
    expect(fileRefusal('whatsapp', file('image/jpeg', 5 * MB), CAP)).toBeNull();
    expect(fileRefusal('whatsapp', file('image/png', 5 * MB + 1), CAP)).toMatchObject({ code: 'TOO_LARGE', limit: 5 * MB, reason: 'WhatsApp takes image files up to 5 MB; this one is 5 MB' });
    expect(fileRefusal('whatsapp', file('image/gif', 1000), CAP)).toMatchObject({ code: 'TYPE_NOT_ACCEPTED', accepted: ['image/jpeg', 'image/png'] });
    expect(fileRefusal('whatsapp', file('audio/ogg;codecs=opus', 1000), CAP)).toBeNull();
    expect(fileRefusal('whatsapp', file('audio/ogg', 1000), CAP)?.code).toBe('TYPE_NOT_ACCEPTED');
    expect(fileRefusal('whatsapp', file('video/3gpp', 16 * MB), CAP)).toBeNull();
    expect(fileRefusal('whatsapp', file('video/quicktime', 1000), CAP)?.code).toBe('TYPE_NOT_ACCEPTED');
    expect(fileRefusal('whatsapp', file('application/pdf', 90 * MB), 100 * MB)).toBeNull();
    // The workspace's cap is lower than WhatsApp's 100 MB: the cap holds.
    expect(fileRefusal('whatsapp', file('application/pdf', 30 * MB), CAP)).toMatchObject({ code: 'TOO_LARGE', limit: CAP });
    expect(fileRefusal('whatsapp', file('application/zip', 1000), CAP)?.code).toBe('TYPE_NOT_ACCEPTED');
  });

  it('Messenger takes documents up to 25 MB; Instagram takes none', () => {
    expect(fileRefusal('messenger', file('application/pdf', 25 * MB), 100 * MB)).toBeNull();
    expect(fileRefusal('messenger', file('image/gif', 8 * MB + 1), CAP)).toMatchObject({ code: 'TOO_LARGE', limit: 8 * MB });
    expect(fileRefusal('instagram', file('application/pdf', 1000), CAP)).toMatchObject({ code: 'KIND_NOT_ACCEPTED', accepted: ['image', 'audio', 'video'] });
    expect(fileRefusal('instagram', file('video/mp4', 25 * MB), CAP)).toBeNull();
  });

  it('Twilio MMS: only JPEG, PNG and GIF, 5 MB for the whole message', () => {
    expect(fileRefusal('sms', file('audio/mpeg', 1000), CAP)).toMatchObject({ code: 'KIND_NOT_ACCEPTED', reason: 'SMS/MMS does not take audio files (only image)' });
    expect(messageRefusal('sms', [file('image/jpeg', 3 * MB), file('image/png', 2 * MB)], CAP)).toBeNull();
    expect(messageRefusal('sms', [file('image/jpeg', 3 * MB), file('image/png', 2 * MB + 1)], CAP)).toEqual({
      index: null,
      refusal: { code: 'MESSAGE_TOO_LARGE', reason: 'SMS/MMS takes up to 5 MB of files in one message; these are 5 MB', limit: 5 * MB },
    });
    expect(messageRefusal('sms', Array.from({ length: 11 }, () => file('image/png', 1000)), CAP)?.refusal.code).toBe('TOO_MANY_FILES');
  });

  it('Telegram, LINE, Viber, WeChat as the table says', () => {
    expect(fileRefusal('telegram', file('image/webp', 10 * MB), CAP)).toBeNull();
    expect(fileRefusal('telegram', file('image/webp', 10 * MB + 1), CAP)?.code).toBe('TOO_LARGE');
    expect(fileRefusal('telegram', file('application/zip', 50 * MB), 100 * MB)).toBeNull();
    expect(fileRefusal('line', file('audio/x-m4a', 1000), CAP)).toBeNull();
    expect(fileRefusal('line', file('application/pdf', 1000), CAP)?.code).toBe('KIND_NOT_ACCEPTED');
    expect(fileRefusal('viber', file('application/zip', 1000), CAP)).toBeNull();
    expect(fileRefusal('viber', file('video/mp4', 1000), CAP)?.code).toBe('KIND_NOT_ACCEPTED');
    expect(fileRefusal('wechat', file('image/png', 1000), CAP)).toBeNull();
    expect(fileRefusal('wechat', file('application/pdf', 1000), CAP)?.code).toBe('KIND_NOT_ACCEPTED');
  });

  it('the sandbox, web chat and email take anything up to the workspace cap', () => {
    for (const channel of ['sandbox', 'webchat', 'email'] as const) {
      expect(fileRefusal(channel, file('application/zip', CAP), CAP)).toBeNull();
      expect(fileRefusal(channel, file('image/svg+xml', CAP + 1), CAP)).toMatchObject({ code: 'TOO_LARGE', limit: CAP });
    }
  });

  it('names the first file refused', () => {
    expect(messageRefusal('whatsapp', [file('image/png', 1000), file('image/gif', 1000)], CAP)).toMatchObject({ index: 1, refusal: { code: 'TYPE_NOT_ACCEPTED' } });
  });
});
