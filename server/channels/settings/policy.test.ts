import { describe, expect, it } from 'vitest';
import { applyPatch, credentialsOf, generatedOf, nextState, resumes, webhookUrlOf } from './policy';

describe('channel management rules', () => {
  it('builds the webhook URL from the public URL, the provider (sms → twilio) and the public id', () => {
    expect(webhookUrlOf('https://inbox.example.com', { provider: 'twilio', publicId: 'sms-abc_1' })).toBe('https://inbox.example.com/api/webhooks/twilio/sms-abc_1');
    expect(webhookUrlOf('http://localhost:3000', { provider: null, publicId: 'web' })).toBeNull();
  });

  it('splits what a manager gave from what Cadence generated', () => {
    const secrets = { accessToken: 'EAAG-token', phoneNumberId: '1099', wabaId: '2033', appSecret: 'app-secret', verifyToken: 'generated' };
    expect(credentialsOf('whatsapp', secrets)).toEqual({ accessToken: 'EAAG-token', phoneNumberId: '1099', wabaId: '2033', appSecret: 'app-secret' });
    expect(generatedOf('whatsapp', secrets)).toEqual({ verifyToken: 'generated' });
    expect(generatedOf('telegram', { botToken: '1:A', webhookSecret: 's' })).toEqual({ webhookSecret: 's' });
  });

  it('replaces the keys given and removes those set to null', () => {
    expect(applyPatch({ accountSid: 'AC1', authToken: 'old', from: '+1555' }, { authToken: 'new', from: null, messagingServiceSid: 'MG1' })).toEqual({
      accountSid: 'AC1',
      authToken: 'new',
      messagingServiceSid: 'MG1',
    });
  });

  it('a state asked for wins; new credentials fix a channel that needed attention; only needs_attention keeps its reason', () => {
    const expired = { state: 'needs_attention' as const, stateReason: 'Token expired' };
    expect(nextState(expired, { credentialsReplaced: false })).toEqual(expired);
    expect(nextState(expired, { credentialsReplaced: true })).toEqual({ state: 'connected', stateReason: null });
    expect(nextState(expired, { state: 'disabled', credentialsReplaced: true })).toEqual({ state: 'disabled', stateReason: null });
    expect(nextState(expired, { state: 'connected', credentialsReplaced: false })).toEqual({ state: 'connected', stateReason: null });
    expect(nextState({ state: 'disabled', stateReason: null }, { credentialsReplaced: true })).toEqual({ state: 'disabled', stateReason: null });
    expect(nextState({ state: 'connected', stateReason: null }, { state: 'disabled', credentialsReplaced: false })).toEqual({ state: 'disabled', stateReason: null });
  });

  it('a channel resumes when it delivers again after being held', () => {
    expect(resumes('disabled', 'connected')).toBe(true);
    expect(resumes('needs_attention', 'connected')).toBe(true);
    expect(resumes('connected', 'connected')).toBe(false);
    expect(resumes('connected', 'disabled')).toBe(false);
  });
});
