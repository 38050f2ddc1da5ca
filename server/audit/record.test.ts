import { describe, expect, it } from 'vitest';
import { withoutSecrets } from './record';

describe('audit entries never hold a secret', () => {
  it('redacts credentials, tokens and passwords at any depth, and keeps the rest', () => {
    expect(
      withoutSecrets({
        name: 'WhatsApp',
        credentials: { accessToken: 'EAAG…', phoneNumberId: '1' },
        settings: { senderName: 'Clinic', webhookSecret: 's' },
        password: 'hunter2',
        passwordHash: 'x',
        role: 'agent',
        list: [{ apiKey: 'k', label: 'l' }],
      }),
    ).toEqual({
      name: 'WhatsApp',
      credentials: '[redacted]',
      settings: { senderName: 'Clinic', webhookSecret: '[redacted]' },
      password: '[redacted]',
      passwordHash: '[redacted]',
      role: 'agent',
      list: [{ apiKey: '[redacted]', label: 'l' }],
    });
  });
});
