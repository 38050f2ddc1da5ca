import { describe, expect, it } from 'vitest';
import { CHANNEL_STATES, MESSAGE_STATUSES } from '@/db/schema/values';
import { dictionaries } from '@/i18n/messages';
import { credentialFields } from '@/server/channels/credentials';
import { CreateChannelBody, kindSettings } from '@/server/channels/settings/schemas';
import { retryRefusalMessages } from '@/server/messages/retry-policy';

/* The page and the thread build these keys from value lists; each must exist in both languages. */
describe('keys built from value lists', () => {
  const needed = [
    ...Object.values(credentialFields).flat().map((field) => `channels.field.${field}`),
    ...Object.values(kindSettings).flatMap((shape) => Object.keys(shape)).map((setting) => `channels.field.${setting}`),
    ...CreateChannelBody.options.map((o) => `channels.help.${o.shape.kind.value}`),
    ...CHANNEL_STATES.map((state) => `channels.state.${state}`),
    ...MESSAGE_STATUSES.map((status) => `thread.status.${status}`),
    ...Object.keys(retryRefusalMessages).map((refusal) => `thread.retry.refused.${refusal}`),
  ];

  it.each(Object.entries(dictionaries))('are all in %s', (_locale, dictionary) => {
    expect(needed.filter((key) => !(key in dictionary))).toEqual([]);
  });
});
