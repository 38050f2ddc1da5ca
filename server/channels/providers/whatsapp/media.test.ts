import { afterEach, describe, expect, it } from 'vitest';
import { whatsappMediaHosts } from './media';

describe('where a WhatsApp file may be downloaded from', () => {
  const saved = process.env.PROVIDER_URL_WHATSAPP;
  afterEach(() => {
    if (saved === undefined) delete process.env.PROVIDER_URL_WHATSAPP;
    else process.env.PROVIDER_URL_WHATSAPP = saved;
  });

  it('in production: the Graph API and Meta’s lookaside media host, nothing else', () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    expect(whatsappMediaHosts()).toEqual(['https://graph.facebook.com', 'https://lookaside.fbsbx.com']);
  });

  it('with PROVIDER_URL_WHATSAPP (a fake): only that host', () => {
    process.env.PROVIDER_URL_WHATSAPP = 'http://127.0.0.1:3301';
    expect(whatsappMediaHosts()).toEqual(['http://127.0.0.1:3301']);
  });
});
