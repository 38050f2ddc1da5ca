import { describe, expect, it } from 'vitest';
import { listInput, viewFromParams } from './view';

describe('the inbox view in the URL', () => {
  it('reads every filter back from the URL', () => {
    const view = viewFromParams(new URLSearchParams('tab=all&status=snoozed&sort=newest&unread=1&channel=whatsapp&deadline=overdue&q=ana'));
    expect(listInput(view)).toMatchObject({ tab: 'all', status: 'snoozed', sort: 'newest', unread: true, channel: 'whatsapp', deadline: 'overdue', search: 'ana' });
  });

  it('falls back to the defaults for anything it does not understand', () => {
    const view = viewFromParams(new URLSearchParams('tab=everything&status=&channel=fax&assignee=bob'));
    expect(view).toMatchObject({ tab: 'mine', status: 'open', sort: 'urgent' });
    expect(view.channel).toBeUndefined();
    expect(view.assignee).toBeUndefined();
  });
});
