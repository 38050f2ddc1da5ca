import { eq } from 'drizzle-orm';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations } from '@/db/schema';
import { createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { recordContactEvent } from '@/server/contacts/service';
import type { Effects } from '@/server/effects/unit-of-work';
import { connected, sessionCookie, startRealtime, type Client } from './testing/harness';

describe('realtime over a real socket.io server', () => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    a = await createTestWorkspace(database.db, 'rt-a');
    b = await createTestWorkspace(database.db, 'rt-b');
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    await database.close();
  });

  const client = (user: SessionUser | null, headers: Record<string, string> = {}) => rt.client(user, headers);
  // As the webhook route and the REST wrapper do: the work, then its effects told to the sockets.
  const told = <T>(work: (fx: Effects) => Promise<T>) => withEffects(database.db, work);
  const sandboxMessage = (id: string, from: string) => ({
    messages: [{ providerMessageId: id, externalId: from, contactName: from, contactPhone: null, body: `hi ${id}`, sentAt: new Date(), echo: false }],
    updates: [],
  });

  it('refuses a socket with no session, and one from a foreign origin', async () => {
    await expect(connected(await client(null))).rejects.toThrow('unauthorized');
    const foreign = await client(a.agent, { origin: 'http://evil.example' });
    await expect(connected(foreign)).rejects.toThrow();
  });

  it("delivers a new message to the workspace's browsers and never to another workspace's", async () => {
    const ana = await client(a.agent);
    const lead = await client(a.supervisor);
    const outsider = await client(b.supervisor);
    await Promise.all([connected(ana), connected(lead), connected(outsider)]);
    const seenByOutsider: string[] = [];
    outsider.on('message.created', ({ message }) => seenByOutsider.push(message.body));

    const arrivals = [ana, lead].map(
      (s) => new Promise<string>((resolve) => s.once('message.created', ({ message, conversation }) => resolve(`${conversation.contact.name}: ${message.body}`))),
    );
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-1', 'Camila'), systemClock, fx));
    expect(await Promise.all(arrivals)).toEqual(['Camila: hi rt-1', 'Camila: hi rt-1']);

    // The outsider's next event is its own workspace's message: A's never reached it.
    const own = new Promise<string>((resolve) => outsider.once('message.created', ({ message }) => resolve(message.body)));
    await told((fx) => ingest(database.db, b.sandbox, sandboxMessage('rt-2', 'Bruno'), systemClock, fx));
    expect(await own).toBe('hi rt-2');
    expect(seenByOutsider).toEqual(['hi rt-2']);
  });

  it('lets a user join the room of a conversation they may read, and no other', async () => {
    const ana = await client(a.agent);
    await connected(ana);
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-3', 'Diana'), systemClock, fx));
    await told((fx) => ingest(database.db, b.sandbox, sandboxMessage('rt-4', 'Elena'), systemClock, fx));
    const [own] = (await database.db.query.conversations.findMany({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id) }));
    const [foreign] = (await database.db.query.conversations.findMany({ where: (c, { eq }) => eq(c.workspaceId, b.workspace.id) }));
    const join = (id: string) => new Promise<boolean>((resolve) => ana.emit('conversation.join', id, resolve));
    expect(await join(own!.id)).toBe(true);
    expect(await join(foreign!.id)).toBe(false);
  });

  it('tells the people in a conversation who is typing and who is viewing, and nobody outside it', async () => {
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-5', 'Fabio'), systemClock, fx));
    const [conv] = await database.db.query.conversations.findMany({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id) });
    const ana = await client(a.agent);
    const lead = await client(a.supervisor);
    const luis = await client(a.otherAgent);
    await Promise.all([connected(ana), connected(lead), connected(luis)]);
    const join = (s: Client) => new Promise<boolean>((resolve) => s.emit('conversation.join', conv!.id, resolve));
    const viewers = new Promise<string[]>((resolve) =>
      lead.on('presence.viewers', ({ conversationId, viewers: v }) => conversationId === conv!.id && v.length === 2 && resolve(v.map((p) => p.name))),
    );
    expect(await join(lead)).toBe(true);
    expect(await join(ana)).toBe(true);
    expect((await viewers).sort()).toEqual([a.agent.name, a.supervisor.name].sort());
    const typedByLuis: string[] = [];
    luis.on('typing', ({ user }) => typedByLuis.push(user.name));
    const seen = new Promise<string>((resolve) => lead.once('typing', ({ user, mode, typing }) => resolve(`${user.name} ${mode} ${typing}`)));
    ana.emit('typing', { conversationId: conv!.id, mode: 'reply', typing: true });
    expect(await seen).toBe(`${a.agent.name} reply true`);
    // Luis never joined: a typing signal he sends is dropped, and he saw none.
    luis.emit('typing', { conversationId: conv!.id, mode: 'reply', typing: true });
    const next = new Promise<string>((resolve) => lead.once('typing', ({ user }) => resolve(user.name)));
    ana.emit('typing', { conversationId: conv!.id, mode: 'note', typing: false });
    expect(await next).toBe(a.agent.name);
    expect(typedByLuis).toEqual([]);
  });

  it('tells the people who may read a contact\'s conversation about its contact events, and nobody else', async () => {
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-8', 'Hugo'), systemClock, fx));
    const conv = await database.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id), orderBy: (c, { desc }) => desc(c.createdAt) });
    // A therapist's client: in an `assigned` team, so only Ana among the agents may read it.
    const therapy = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Terapia rt', visibility: 'assigned' }, [a.agent.id, a.otherAgent.id], [a.supervisor.id]);
    await database.db.update(conversations).set({ teamId: therapy.id, assigneeId: a.agent.id }).where(eq(conversations.id, conv!.id));
    const ana = await client(a.agent);
    const lead = await client(a.supervisor);
    const luis = await client(a.otherAgent);
    const outsider = await client(b.supervisor);
    await Promise.all([connected(ana), connected(lead), connected(luis), connected(outsider)]);
    const heardByOthers: string[] = [];
    for (const s of [luis, outsider]) s.on('contact.activity', ({ contactId }) => heardByOthers.push(contactId));
    const heard = [ana, lead].map((s) => new Promise<string>((resolve) => s.once('contact.activity', ({ contactId }) => resolve(contactId))));
    await told((fx) => recordContactEvent(database.db, a.admin, conv!.contactId, { type: 'order.placed', occurredAt: new Date().toISOString(), properties: { orderId: 'A-1', total: 30, currency: 'EUR', items: [] } }, new Date(), fx));
    expect(await Promise.all(heard)).toEqual([conv!.contactId, conv!.contactId]);
    // Luis and the outsider hear their own workspace's next message: the event had time to reach them.
    const later = [luis, outsider].map((s) => new Promise((resolve) => s.once('message.created', resolve)));
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-9', 'Iris'), systemClock, fx));
    await told((fx) => ingest(database.db, b.sandbox, sandboxMessage('rt-10', 'Iris'), systemClock, fx));
    await Promise.all(later);
    expect(heardByOthers).toEqual([]);
  });

  it('replays the messages a briefly disconnected browser missed', async () => {
    const ana: Client = rt.track(
      connect(rt.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: await sessionCookie(database.db, a.agent) },
        reconnectionDelay: 1500,
        reconnectionDelayMax: 1500,
        randomizationFactor: 0,
      }),
    );
    // Recovery resumes from the last event a browser saw: open a conversation, and see yourself viewing it.
    const [conv] = await database.db.query.conversations.findMany({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id) });
    const seen = new Promise((resolve) => ana.once('presence.viewers', resolve));
    ana.emit('conversation.join', conv!.id, () => {});
    await seen;
    const bodies: string[] = [];
    ana.on('message.created', ({ message }) => bodies.push(message.body));
    const reconnected = new Promise<boolean>((resolve) => ana.once('connect', () => resolve(ana.recovered)));
    ana.io.engine.close();
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-6', 'Gala'), systemClock, fx));
    await told((fx) => ingest(database.db, a.sandbox, sandboxMessage('rt-7', 'Gala'), systemClock, fx));
    expect(ana.connected).toBe(false);
    expect(await reconnected).toBe(true);
    await expect.poll(() => bodies).toEqual(['hi rt-6', 'hi rt-7']);
  });
});
