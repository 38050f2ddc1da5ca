import { afterEach, describe, expect, it } from 'vitest';
import { fileNameOf, mediaHosts, onHost, refusalOutcome } from './media-download';

describe('media hosts', () => {
  const saved = process.env.PROVIDER_URL_VIBER;
  afterEach(() => {
    process.env.PROVIDER_URL_VIBER = saved;
  });
  const viber = mediaHosts('viber', (url) => onHost(url.hostname, 'dl-media.viber.com'));

  it('takes the provider’s hosts and their subdomains over https, nothing that only ends alike', () => {
    delete process.env.PROVIDER_URL_VIBER;
    expect(viber(new URL('https://dl-media.viber.com/5/media/a.jpg'))).toBe(true);
    expect(viber(new URL('https://eu.dl-media.viber.com/a.jpg'))).toBe(true);
    expect(viber(new URL('https://evildl-media.viber.com/a.jpg'))).toBe(false);
    expect(viber(new URL('https://dl-media.viber.com.evil.example/a.jpg'))).toBe(false);
    expect(viber(new URL('http://dl-media.viber.com/a.jpg'))).toBe(false);
    expect(viber(new URL('https://dl-media.viber.com:444/a.jpg'))).toBe(false);
    expect(mediaHosts('viber', (url) => onHost(url.hostname, 'qq.com'), { http: true })(new URL('http://vweixinf.tc.qq.com/v'))).toBe(true);
  });

  it('takes only the override’s origin when PROVIDER_URL_<PROVIDER> is set, not the production hosts', () => {
    process.env.PROVIDER_URL_VIBER = 'http://127.0.0.1:4000';
    expect(viber(new URL('http://127.0.0.1:4000/media/1'))).toBe(true);
    expect(viber(new URL('http://127.0.0.1:4001/media/1'))).toBe(false);
    expect(viber(new URL('https://dl-media.viber.com/a.jpg'))).toBe(false);
  });
});

describe('what a media answer says', () => {
  it('reads the file name of a Content-Disposition, the RFC 6266 form first', () => {
    expect(fileNameOf('attachment; filename="MEDIA_ID.jpg"')).toBe('MEDIA_ID.jpg');
    expect(fileNameOf("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''factura%20ma%C3%B1ana.pdf")).toBe('factura mañana.pdf');
    expect(fileNameOf('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(fileNameOf('inline')).toBeUndefined();
    expect(fileNameOf(null)).toBeUndefined();
  });

  it('is gone for 404, 410 and other refusals; retried on 5xx and on 429 after its Retry-After', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(refusalOutcome('X', 404, new Headers(), now)).toEqual({ outcome: 'gone', detail: 'X no longer has this file (404)' });
    expect(refusalOutcome('X', 410, new Headers(), now).outcome).toBe('gone');
    expect(refusalOutcome('X', 403, new Headers(), now)).toEqual({ outcome: 'gone', detail: 'X answered 403' });
    expect(refusalOutcome('X', 503, new Headers(), now)).toEqual({ outcome: 'retry', detail: 'X answered 503' });
    expect(refusalOutcome('X', 429, new Headers({ 'retry-after': '12' }), now)).toEqual({ outcome: 'retry', detail: 'X answered 429', retryAfterMs: 12_000 });
    expect(refusalOutcome('X', 429, new Headers({ 'retry-after': 'Mon, 02 Mar 2026 10:01:00 GMT' }), now)).toMatchObject({ retryAfterMs: 60_000 });
  });
});
