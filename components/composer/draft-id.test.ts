import { describe, expect, it } from 'vitest';
import { ClientMessageId } from '@/server/messages/send-key';
import { newDraftId } from './draft-id';

describe('draft ids', () => {
  it('are v4 UUIDs the server accepts as client message ids, a new one each time', () => {
    const ids = Array.from({ length: 200 }, newDraftId);
    for (const id of ids) expect(ClientMessageId.safeParse(id).success, id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
