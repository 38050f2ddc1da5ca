import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contactIdentities, contacts, jobs } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import { updateContact } from '@/server/contacts/profile';
import { Effects } from '@/server/effects/unit-of-work';
import { runDueJobs } from '@/server/scheduler/loop';
import { lineError, startLineFake, type LineFake } from './providers/line/fake';
import { lineSignature, viberSignature } from './signature';

const encoder = new TextEncoder();
const TG_SECRET = 'names-telegram-secret';
const VIBER_TOKEN = 'names-viber-token';
const LINE = { channelAccessToken: 'names-line-token', channelSecret: 'names-line-secret' };

/** Contact names from what providers know (issue 15): webhook profile fields, LINE's profile API; never over a name someone gave. */
describe.each(testDatabaseKinds)('contact names from providers (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let line: LineFake;
  let lineChannelId: string;
  let sequence = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `names${kind}`);
    line = await startLineFake({ accessToken: LINE.channelAccessToken });
    process.env.PROVIDER_URL_LINE = line.url;
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `names-tg-${kind}`, name: 'Telegram', secrets: { webhookSecret: TG_SECRET } });
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'viber', publicId: `names-vb-${kind}`, name: 'Viber', secrets: { authToken: VIBER_TOKEN } });
    lineChannelId = (await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'line', publicId: `names-ln-${kind}`, name: 'LINE', secrets: LINE })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    delete process.env.PROVIDER_URL_LINE;
    await line.close();
    await database.close();
  });

  const hook = (provider: string, body: string, headers: Record<string, string>) => {
    const channelId = `names-${provider === 'telegram' ? 'tg' : provider === 'viber' ? 'vb' : 'ln'}-${kind}`;
    return POST(new Request(`http://test/api/webhooks/${provider}/${channelId}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }), {
      params: Promise.resolve({ provider, channelId }),
    });
  };
  const telegram = (chat: Record<string, unknown>) =>
    hook('telegram', JSON.stringify({ update_id: ++sequence, message: { message_id: ++sequence, chat: { type: 'private', ...chat }, date: Math.floor(Date.now() / 1000), text: 'hola' } }), {
      'x-telegram-bot-api-secret-token': TG_SECRET,
    });
  const viber = (sender: Record<string, unknown>) => {
    const body = `{"event":"message","timestamp":${Date.now()},"message_token":${5_000_000_000_000_000_000n + BigInt(++sequence)},"sender":${JSON.stringify(sender)},"message":{"type":"text","text":"hola"}}`;
    return hook('viber', body, { 'x-viber-content-signature': viberSignature(encoder.encode(body), VIBER_TOKEN) });
  };
  const lineMessage = (userId: string) => {
    const body = JSON.stringify({ destination: 'Ubot', events: [{ type: 'message', replyToken: line.issueReplyToken(userId), timestamp: Date.now(), source: { type: 'user', userId }, message: { id: String(++sequence), type: 'text', text: 'hola' } }] });
    return hook('line', body, { 'x-line-signature': lineSignature(encoder.encode(body), LINE.channelSecret) });
  };
  const contactOf = async (externalId: string) => {
    const [row] = await database.db
      .select({ contact: contacts })
      .from(contactIdentities)
      .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
      .where(eq(contactIdentities.externalId, externalId));
    return row!.contact;
  };
  const renameAsAgent = (contactId: string, name: string) => updateContact(database.db, ws.admin, contactId, { name }, new Effects());
  // Every due job in one go: the scheduler's time budget is for sharing a busy process, not for tests.
  const runJobs = (later = 0) => runDueJobs(database.db, jobHandlers, { now: () => new Date(Date.now() + later) }, { batch: 100, budgetMs: 60_000 });

  it('Telegram: names a contact known only by its chat id when an update names it, and then never again', async () => {
    expect((await telegram({ id: 9_100_001 })).status).toBe(200);
    const contact = await contactOf('9100001');
    expect(contact.name).toBe('9100001');
    await telegram({ id: 9_100_001, first_name: 'Lucía', last_name: 'Pérez' });
    expect((await contactOf('9100001')).name).toBe('Lucía Pérez');
    // Later updates do not rename: the first name won, and stays for the agent to change.
    await telegram({ id: 9_100_001, first_name: 'Lu' });
    expect((await contactOf('9100001')).name).toBe('Lucía Pérez');
  });

  it('Telegram: takes the sender’s names, or @username, when the chat carries none', async () => {
    const body = JSON.stringify({ update_id: ++sequence, message: { message_id: ++sequence, from: { id: 9_100_002, username: 'lperez' }, chat: { id: 9_100_002, type: 'private' }, date: Math.floor(Date.now() / 1000), text: 'hola' } });
    await hook('telegram', body, { 'x-telegram-bot-api-secret-token': TG_SECRET });
    expect((await contactOf('9100002')).name).toBe('@lperez');
  });

  it('Telegram: a name an agent gave is never overwritten by the webhook', async () => {
    await telegram({ id: 9_100_003 });
    const contact = await contactOf('9100003');
    // An agent names the contact before Telegram does.
    await renameAsAgent(contact.id, 'Cliente VIP');
    await telegram({ id: 9_100_003, first_name: 'Marta' });
    expect((await contactOf('9100003')).name).toBe('Cliente VIP');
  });

  it('Viber: names the contact by sender.name, also when its first message came without one', async () => {
    await viber({ id: 'vb-named==', name: 'Jorge' });
    expect((await contactOf('vb-named==')).name).toBe('Jorge');
    await viber({ id: 'vb-later==' });
    expect((await contactOf('vb-later==')).name).toBe('vb-later==');
    await viber({ id: 'vb-later==', name: 'Ana' });
    expect((await contactOf('vb-later==')).name).toBe('Ana');
    const edited = await contactOf('vb-named==');
    await renameAsAgent(edited.id, 'Jorge (proveedor)');
    await viber({ id: 'vb-named==', name: 'Jorge' });
    expect((await contactOf('vb-named==')).name).toBe('Jorge (proveedor)');
  });

  it("LINE: a job asks LINE's profile API for a new contact's display name, outside the webhook", async () => {
    const userId = `U${randomBytes(16).toString('hex')}`;
    line.profiles.set(userId, { displayName: '山田 花子', language: 'ja' });
    const before = line.requests.length;
    await lineMessage(userId);
    // The webhook itself asked LINE nothing.
    expect(line.requests.length).toBe(before);
    const contact = await contactOf(userId);
    expect(contact.name).toBe(userId);
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, 'contact.profile_line'));
    expect(job!.payload).toMatchObject({ contactId: contact.id, channelId: lineChannelId, externalId: userId });
    await runJobs();
    expect((await contactOf(userId)).name).toBe('山田 花子');
    const request = line.requests.at(-1)!;
    expect(request.path).toBe(`/v2/bot/profile/${userId}`);
    expect(request.headers.authorization).toBe(`Bearer ${LINE.channelAccessToken}`);
    // A second message of the same contact queues no second lookup.
    await lineMessage(userId);
    const lookups = (await database.db.select().from(jobs).where(eq(jobs.kind, 'contact.profile_line'))).filter((j) => (j.payload as { externalId: string }).externalId === userId);
    expect(lookups).toHaveLength(1);
  });

  it('LINE: keeps a name an agent gave before the job ran, and the raw id when LINE has no profile', async () => {
    const edited = `U${randomBytes(16).toString('hex')}`;
    const unknown = `U${randomBytes(16).toString('hex')}`;
    line.profiles.set(edited, { displayName: 'Taro' });
    await lineMessage(edited);
    await lineMessage(unknown);
    await renameAsAgent((await contactOf(edited)).id, 'Sr. Tanaka');
    await runJobs();
    expect((await contactOf(edited)).name).toBe('Sr. Tanaka');
    expect((await contactOf(unknown)).name).toBe(unknown);
    // Both jobs are done: a missing profile is an answer, not a failure.
    const pending = (await database.db.select().from(jobs).where(eq(jobs.kind, 'contact.profile_line'))).filter((j) => !j.doneAt);
    expect(pending).toEqual([]);
  });

  it('LINE: a profile call LINE fails is tried again later', async () => {
    const userId = `U${randomBytes(16).toString('hex')}`;
    line.profiles.set(userId, { displayName: 'Kenji' });
    await lineMessage(userId);
    line.failNext(1, lineError(500, 'Internal server error'), { path: `/v2/bot/profile/${userId}` });
    await runJobs();
    const [job] = (await database.db.select().from(jobs).where(eq(jobs.kind, 'contact.profile_line'))).filter((j) => (j.payload as { externalId: string }).externalId === userId);
    expect(job).toMatchObject({ doneAt: null, attempts: 1 });
    expect(job!.lastError).toMatch(/LINE answered 500/);
    expect((await contactOf(userId)).name).toBe(userId);
    // Due again after its backoff.
    await runJobs(60_000);
    expect((await contactOf(userId)).name).toBe('Kenji');
  });
});
