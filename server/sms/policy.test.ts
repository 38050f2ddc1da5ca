import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTO_RESPONDER_MODES, CONSENTS } from '@/db/schema/values';
import { autoResponderAnswers, DEFAULT_SMS_REPLIES, keywordReply, keywordReplyText } from './policy';

const now = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('keyword answers', () => {
  it('help for HELP, one confirmation per opt-out, a welcome back on return', () => {
    expect(keywordReply({ help: true, before: 'granted', after: 'granted' })).toBe('help');
    expect(keywordReply({ help: false, before: 'granted', after: 'revoked' })).toBe('opt_out');
    expect(keywordReply({ help: false, before: 'unknown', after: 'revoked' })).toBe('opt_out');
    // A second STOP: already out, not confirmed again.
    expect(keywordReply({ help: false, before: 'revoked', after: 'revoked' })).toBeNull();
    expect(keywordReply({ help: false, before: 'revoked', after: 'granted' })).toBe('opt_in');
    expect(keywordReply({ help: false, before: 'granted', after: 'granted' })).toBeNull();
  });

  it('the workspace words, or ours in its language with its name', () => {
    expect(keywordReplyText('help', '  Escríbenos al 900 000 000.  ', 'es', 'Clínica Sol')).toBe('Escríbenos al 900 000 000.');
    expect(keywordReplyText('opt_out', undefined, 'en', 'Sun Clinic')).toBe(DEFAULT_SMS_REPLIES.en.opt_out.replace('{name}', 'Sun Clinic'));
    expect(keywordReplyText('help', '', 'es', 'Clínica Sol')).toContain('Clínica Sol');
  });
});

describe('the auto-responder', () => {
  it('answers as its mode says', () => {
    const base = { keyword: false, lastAnsweredAt: null, now };
    expect(autoResponderAnswers({ ...base, mode: 'everyone', consent: 'granted' })).toBe(true);
    expect(autoResponderAnswers({ ...base, mode: 'non_consented', consent: 'granted' })).toBe(false);
    expect(autoResponderAnswers({ ...base, mode: 'non_consented', consent: 'unknown' })).toBe(true);
    expect(autoResponderAnswers({ ...base, mode: 'nobody', consent: 'unknown' })).toBe(false);
  });

  it('never a keyword, never an opted-out contact, at most once in 24 h', () => {
    fc.assert(
      fc.property(fc.constantFrom(...AUTO_RESPONDER_MODES), fc.constantFrom(...CONSENTS), fc.boolean(), fc.option(fc.integer({ min: 0, max: 72 })), (mode, consent, keyword, ago) => {
        const answers = autoResponderAnswers({ mode, consent, keyword, lastAnsweredAt: ago === null ? null : hoursAgo(ago), now });
        if (keyword || consent === 'revoked' || mode === 'nobody') expect(answers).toBe(false);
        if (ago !== null && ago < 24) expect(answers).toBe(false);
        if (!keyword && consent === 'unknown' && mode !== 'nobody' && (ago === null || ago >= 24)) expect(answers).toBe(true);
      }),
    );
  });
});
