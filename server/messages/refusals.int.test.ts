import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { messages } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { AppError } from '@/server/errors';
import { MESSAGE_TAGS } from '@/server/windows/policy';
import { REASON_CODES } from '@/db/schema/values';
import type { SendMessageBody } from './schemas';
import { sendMessage } from './send';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const KINDS = ['whatsapp', 'messenger', 'instagram', 'wechat', 'viber', 'sms', 'telegram', 'email'] as const;

describe('no refused send ever persists a message (property, PGlite)', () => {
  let database: Database;
  let ws: TestWorkspace;
  const channelIds: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'prop');
    for (const kind of KINDS) {
      const channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind, publicId: `prop-${kind}-x`, name: kind, settings: { delivery: 'record' } });
      channelIds[kind] = channel.id;
    }
  });
  afterAll(() => database.close());

  const send = fc.oneof(
    fc.record({ kind: fc.constant('free_form' as const), body: fc.constant('hola') }),
    fc.record({ kind: fc.constant('tagged' as const), tag: fc.constantFrom(...MESSAGE_TAGS), body: fc.constant('hola') }),
  );

  it('every send either goes out or is refused with a reason code and leaves no row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        fc.option(fc.integer({ min: 0, max: 10 * 24 }), { nil: null }),
        fc.constantFrom('unknown', 'granted', 'revoked'),
        fc.boolean(),
        fc.array(send, { minLength: 1, maxLength: 7 }),
        async (kind, lastInboundHoursAgo, consent, blocked, sends) => {
          const now = new Date('2026-11-21T12:00:00Z');
          const contact = await createContact(database.db, {
            workspaceId: ws.workspace.id,
            name: 'Prop',
            consent: consent as 'unknown' | 'granted' | 'revoked',
            blocked,
            identity: { channelId: channelIds[kind]!, externalId: `p-${Math.random()}` },
          });
          const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: channelIds[kind]!, contactId: contact.id });
          if (lastInboundHoursAgo !== null) {
            await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'hi', sentAt: new Date(now.getTime() - lastInboundHoursAgo * 3_600_000) });
          }
          for (const message of sends as SendMessageBody[]) {
            const countOf = async () => (await database.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, c.id)))[0]!.n;
            const before = await countOf();
            try {
              await sendMessage(database.db, ws.agent, { conversationId: c.id, message }, { now: () => now }, fx);
              if ((await countOf()) !== before + 1) return false;
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              const known = (REASON_CODES as readonly string[]).includes(error.code) || error.code === 'INVALID_INPUT';
              if (!known || (await countOf()) !== before) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stops WeChat at the cap: the fifth message goes out, the sixth is refused', async () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Wei', identity: { channelId: channelIds.wechat!, externalId: 'wei' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: channelIds.wechat!, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'ni hao', sentAt: new Date(now.getTime() - 3_600_000) });
    const sendOne = (at = now) => sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: 'hola' } }, { now: () => at }, fx);
    for (let i = 0; i < 5; i++) await sendOne();
    await expect(sendOne()).rejects.toMatchObject({ code: 'MESSAGE_CAP_REACHED' });
    // The contact writes again a minute later: the count starts over.
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'again', sentAt: new Date(now.getTime() + 60_000) });
    await expect(sendOne(new Date(now.getTime() + 120_000))).resolves.toMatchObject({ status: 'queued' });
  });
});
