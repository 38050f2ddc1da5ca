import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows, setDatabase, type Database } from '@/db/client';
import { apiTokens, breaches, bulkActions, conversations, deadlines, escalationNotices, invitations, labels, messages, notes, protocols, templates } from '@/db/schema';
import { createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { jobHandlers } from '@/server/app/jobs';
import type { SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { fileStorage } from '@/server/files/storage';
import { attachBytes } from '@/server/files/store';
import { pngImage } from '@/server/files/testing';
import { notify } from '@/server/notifications/service';
import { recomputeForAssignee } from '@/server/protocols/service';
import { connected, startRealtime } from '@/server/realtime/testing/harness';
import { openApiDocument } from '@/server/rest/openapi';
import { appRouter, createCaller } from '@/server/router';
import { fingerprint, type Owned } from './fingerprint';
import { sample, type IdsByField, type JsonSchema, type Refs } from './sample';

/*
 * Isolation, generated from the interfaces themselves: every tRPC procedure and every REST route
 * that takes an id is called by someone who must not reach the victim's rows, with the victim's
 * ids, and must be refused or answer without them; and nothing of the victim's changes.
 */
const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const NOW = at('2026-11-23T12:00:00Z');
const SECRET_NAME = 'Secreto Privado';
const SECRET_BODY = 'cuerpo-secreto-7731';

/** The route file's folder of an OpenAPI path: `{id}` is Next.js's `[id]`. */
const routeDir = (apiPath: string) => apiPath.replace(/\{(\w+)\}/g, '[$1]');

type Procedure = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);
const inputSchema = (p: Procedure): JsonSchema[] => p._def.inputs.map((i) => z.toJSONSchema(i, { io: 'input', unrepresentable: 'any' }) as JsonSchema);

describe.each(testDatabaseKinds)('no way into what is not yours (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  /** The victim's rows, by the input field that names them. */
  const victim: Record<string, string> = {};

  beforeAll(async () => {
    // Files go to a folder of this run's own, never the checkout's DATA_DIR.
    process.env.DATA_DIR = await mkdtemp(path.join(tmpdir(), 'cadence-iso-'));
    database = await openTestDatabase(kind);
    setDatabase(database);
    const db = database.db;
    a = await createTestWorkspace(db, `iso-a-${kind}`);
    b = await createTestWorkspace(db, `iso-b-${kind}`);
    // A therapist's client: an `assigned` team, the conversation Luis's; Ana is in the team but may not read it.
    const therapy = await createTeam(db, { workspaceId: a.workspace.id, name: 'Terapia', visibility: 'assigned' }, [a.agent.id, a.otherAgent.id]);
    await withEffects(db, (fx) =>
      ingest(
        db,
        a.sandbox,
        { messages: [{ providerMessageId: `iso-${kind}`, externalId: '+34600999888', contactName: SECRET_NAME, contactPhone: '+34600999888', body: SECRET_BODY, sentAt: new Date('2026-11-23T09:00:00Z'), echo: false }], updates: [] },
        at('2026-11-23T09:00:00Z'),
        fx,
      ),
    );
    const [c] = await db.select().from(conversations).where(eq(conversations.workspaceId, a.workspace.id));
    await db.update(conversations).set({ teamId: therapy.id, assigneeId: a.otherAgent.id }).where(eq(conversations.id, c!.id));
    await recomputeForAssignee(db, c!.id);
    // Monday 12:00 Madrid: the first stage breaches against Luis.
    const [due] = await db.select().from(deadlines).where(eq(deadlines.conversationId, c!.id)).orderBy(deadlines.dueAt).limit(1);
    await jobHandlers['deadline.due'](db, { deadlineId: due!.id }, at('2026-11-23T11:00:01Z'));
    const [scheduled] = await db
      .insert(messages)
      .values({ workspaceId: a.workspace.id, conversationId: c!.id, channelId: a.sandbox.id, direction: 'outbound', authorKind: 'agent', authorId: a.otherAgent.id, body: SECRET_BODY, status: 'scheduled', scheduledFor: new Date('2026-11-24T09:00:00Z'), sentAt: new Date('2026-11-24T09:00:00Z') })
      .returning();
    const [note] = await db.insert(notes).values({ workspaceId: a.workspace.id, conversationId: c!.id, authorId: a.otherAgent.id, body: SECRET_BODY, mentionIds: [] }).returning();
    const [label] = await db.insert(labels).values({ workspaceId: a.workspace.id, name: 'vip' }).returning();
    const [template] = await db.insert(templates).values({ workspaceId: a.workspace.id, name: 'privada', body: 'Hola {{contact.first_name}}' }).returning();
    const [protocol] = await db.select().from(protocols).where(eq(protocols.workspaceId, a.workspace.id)).limit(1);
    const [token] = await db.select().from(apiTokens).where(eq(apiTokens.userId, a.admin.id));
    const [breach] = await db.select().from(breaches).where(eq(breaches.conversationId, c!.id));
    const [notice] = await db.insert(escalationNotices).values({ workspaceId: a.workspace.id, agentId: a.otherAgent.id, breachId: breach!.id, level: 1, breachCount: 2, windowDays: 15 }).returning();
    const [notification] = await notify(db, new Effects(), [{ workspaceId: a.workspace.id, userId: a.otherAgent.id, kind: 'mention', conversationId: c!.id, data: { excerpt: SECRET_BODY } }]);
    const [invitation] = await db
      .insert(invitations)
      .values({ workspaceId: a.workspace.id, email: `invitee@iso-a-${kind}.test`, role: 'agent', tokenHash: `iso-${kind}-invitation`, invitedBy: a.admin.id, expiresAt: new Date(Date.now() + 86_400_000) })
      .returning();
    // A photo the client sent: its file must not reach anyone who may not read the conversation.
    const [received] = await db.select().from(messages).where(eq(messages.conversationId, c!.id)).limit(1);
    const photo = await attachBytes(db, fileStorage(), received!, { kind: 'image', bytes: pngImage(), fileName: 'secreto.png' });
    // Luis's own bulk action on his client: its undo is his alone.
    const [bulk] = await db.insert(bulkActions).values({ workspaceId: a.workspace.id, userId: a.otherAgent.id, action: 'assign', changes: [{ conversationId: c!.id, before: { assigneeId: null }, after: { assigneeId: a.otherAgent.id } }], createdAt: new Date(NOW.now().getTime() - 60_000) }).returning();
    Object.assign(victim, {
      attachmentId: photo.id,
      conversationId: c!.id,
      conversationIds: c!.id,
      bulkId: bulk!.id,
      contactId: c!.contactId,
      messageId: scheduled!.id,
      noteId: note!.id,
      labelId: label!.id,
      templateId: template!.id,
      protocolId: protocol!.id,
      tokenId: token!.id,
      invitationId: invitation!.id,
      breachId: breach!.id,
      channelId: a.sandbox.id,
      noticeId: notice!.id,
      ids: notification!.id,
      agentId: a.otherAgent.id,
      userId: a.otherAgent.id,
      mentionIds: a.otherAgent.id,
    });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  /** The victim's rows as the other workspace sees them: everything of workspace A. */
  const workspaceA = async (): Promise<Owned> => {
    const list = async (table: 'conversations' | 'contacts' | 'users' | 'channels' | 'teams') =>
      (await queryRows<{ id: string }>(database.db, sql`select id::text from ${sql.identifier(table)} where workspace_id = ${a.workspace.id}`)).map((r) => r.id);
    const users = await list('users');
    return {
      workspace_id: [a.workspace.id],
      conversation_id: await list('conversations'),
      contact_id: await list('contacts'),
      user_id: users,
      agent_id: users,
      channel_id: await list('channels'),
      team_id: await list('teams'),
    };
  };
  /** What Ana, in the same workspace, must not touch: Luis's client and what is Luis's own. */
  const luisClient = (): Owned => ({
    id: [victim.conversationId!, victim.contactId!, victim.messageId!, victim.noteId!, victim.breachId!, victim.noticeId!, victim.ids!, victim.bulkId!],
    conversation_id: [victim.conversationId!],
    contact_id: [victim.contactId!],
    agent_id: [a.otherAgent.id],
    user_id: [a.otherAgent.id],
  });

  async function attack(user: SessionUser, ids: IdsByField, secrets: string[]) {
    const caller = createCaller({ db: database.db, clock: NOW, user }) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    const outcomes: { path: string; outcome: string }[] = [];
    for (const [procPath, procedure] of procedures) {
      const schemas = inputSchema(procedure);
      const input = schemas.length ? Object.assign({}, ...schemas.map((s) => sample(s, ids))) : undefined;
      const [group, name] = procPath.split('.') as [string, string];
      try {
        const result = JSON.stringify(await caller[group]![name]!(input)) ?? '';
        const leaked = secrets.filter((s) => result.includes(s));
        outcomes.push({ path: procPath, outcome: leaked.length ? `LEAKED ${leaked.join(', ')}` : 'answered without them' });
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        outcomes.push({ path: procPath, outcome: error.code === 'INTERNAL_SERVER_ERROR' ? `crashed: ${error.message}` : 'refused' });
      }
    }
    return outcomes;
  }

  it('another workspace: every procedure, given workspace A’s ids, is refused or answers without A’s data, and changes nothing of A', async () => {
    const before = await fingerprint(database.db, await workspaceA());
    const outcomes = await attack(b.admin, (field) => victim[field], [...Object.values(victim), SECRET_NAME, SECRET_BODY]);
    expect(outcomes.length).toBe(procedures.length);
    expect(procedures.length).toBeGreaterThan(40);
    expect(outcomes.filter((o) => o.outcome.startsWith('LEAKED') || o.outcome.startsWith('crashed'))).toEqual([]);
    // Each procedure that takes one of the victim's ids refuses it outright.
    const takingIds = procedures.filter(([, p]) => inputSchema(p).some((s) => JSON.stringify(sample(s, (f) => victim[f])).match(/[0-9a-f]{8}-/)));
    expect(takingIds.length).toBeGreaterThan(20);
    expect(await fingerprint(database.db, await workspaceA())).toEqual(before);
  });

  it('an agent of an `assigned` team: nothing of a teammate’s client is read or changed through any procedure', async () => {
    const before = await fingerprint(database.db, luisClient());
    const theirs = new Set(['conversationId', 'conversationIds', 'bulkId', 'contactId', 'messageId', 'noteId', 'breachId', 'noticeId', 'ids']);
    const outcomes = await attack(a.agent, (field) => (theirs.has(field) ? victim[field] : field === 'userId' ? a.agent.id : victim[field]), [
      SECRET_NAME,
      SECRET_BODY,
      victim.conversationId!,
      victim.messageId!,
      victim.noteId!,
    ]);
    expect(outcomes.filter((o) => o.outcome.startsWith('LEAKED') || o.outcome.startsWith('crashed'))).toEqual([]);
    expect(await fingerprint(database.db, luisClient())).toEqual(before);
  });

  it('REST: every route with an {id}, called with workspace A’s ids by B’s token, answers 403 or 404 and changes nothing', async () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: JsonSchema } } } }>>; components: { schemas: Refs } };
    const routes = Object.entries(doc.paths).filter(([p]) => p.includes('{id}'));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    const before = await fingerprint(database.db, await workspaceA());
    const answers: { route: string; status: number }[] = [];
    for (const [apiPath, methods] of routes) {
      const file = path.join(process.cwd(), 'app', routeDir(apiPath), 'route.ts');
      const route = (await import(file)) as Record<string, (r: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
      // The id is the victim's contact, person, invitation, channel or conversation, as the path says; a message id is the victim's message.
      const id = apiPath.startsWith('/api/v1/contacts')
        ? victim.contactId!
        : apiPath.startsWith('/api/v1/users')
          ? victim.userId!
          : apiPath.startsWith('/api/v1/invitations')
            ? victim.invitationId!
            : apiPath.startsWith('/api/v1/channels')
              ? victim.channelId!
              : apiPath.startsWith('/api/v1/files')
                ? victim.attachmentId!
                : victim.conversationId!;
      const params = { id, messageId: victim.messageId! };
      for (const [method, operation] of Object.entries(methods)) {
        const schema = operation.requestBody?.content['application/json'].schema;
        const body = schema ? JSON.stringify(sample(schema, (f) => victim[f], doc.components.schemas)) : undefined;
        const response = await route[method.toUpperCase()]!(
          new Request(`http://test${apiPath.replace(/\{(\w+)\}/g, (_, name: 'id' | 'messageId') => params[name])}`, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${b.tokens.admin}`, 'content-type': 'application/json' },
            body,
          }),
          { params: Promise.resolve(params) },
        );
        answers.push({ route: `${method.toUpperCase()} ${apiPath}`, status: response.status });
      }
    }
    expect(answers.filter((x) => x.status !== 403 && x.status !== 404)).toEqual([]);
    expect(await fingerprint(database.db, await workspaceA())).toEqual(before);
  });

  it('sockets: no room of workspace A, nor of a teammate’s client, is joined', async () => {
    const rt = await startRealtime(database.db);
    try {
      for (const user of [b.admin, b.agent, a.agent]) {
        const socket = await rt.client(user);
        await connected(socket);
        const joined = await new Promise<boolean>((resolve) => socket.emit('conversation.join', victim.conversationId!, resolve));
        expect(joined, user.email).toBe(false);
      }
      // The assigned therapist does join: the refusals above are the rule, not a broken join.
      const luis = await rt.client(a.otherAgent);
      await connected(luis);
      expect(await new Promise<boolean>((resolve) => luis.emit('conversation.join', victim.conversationId!, resolve))).toBe(true);
    } finally {
      await rt.close();
    }
  });
});

/** REST route files exist for every path the OpenAPI document lists, so none is missed above. */
describe('the REST routes the isolation suite walks', () => {
  it('are the ones in app/api/v1 with an [id]', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'route.ts' && full.includes('[id]')) found.push(path.relative(process.cwd(), path.dirname(full)));
      }
    };
    walk(path.join(process.cwd(), 'app', 'api', 'v1'));
    const doc = openApiDocument() as { paths: Record<string, unknown> };
    const documented = Object.keys(doc.paths)
      .filter((p) => p.includes('{id}'))
      .map((p) => path.join('app', routeDir(p)));
    expect(found.sort()).toEqual([...new Set(documented)].sort());
  });
});
