import type { TRPCError } from '@trpc/server';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { GET as getWorkspace, PATCH as patchWorkspace } from '@/app/api/v1/workspace/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, conversations, deadlines, jobs, messages, workspaces } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { describeIssues } from '@/server/validation';

/*
 * Settings → Workspace (SPEC §15): every setting validated with an error naming its field and
 * nothing written when one is wrong; every change audited before and after and in force at the
 * next request; a new business clock moves the pending business-clock deadlines.
 */
describe.each(testDatabaseKinds)('workspace settings (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const tag = `wset-${kind}`;
  const at = (iso: string): Clock => ({ now: () => new Date(iso) });
  const as = (user: SessionUser, iso = '2026-11-20T19:40:00Z') => createCaller({ db: database.db, clock: at(iso), user });
  const entries = () => database.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, ws.workspace.id), eq(auditLog.action, 'workspace.settings_changed'))).orderBy(desc(auditLog.createdAt));
  const rest = (handler: typeof patchWorkspace, token: string, body?: unknown) =>
    handler(
      new Request('http://test/api/v1/workspace', { method: body === undefined ? 'GET' : 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }),
      { params: Promise.resolve({}) },
    );

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, tag);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it('refuses each bad setting with an error naming its field, and writes nothing', async () => {
    const [before] = await database.db.select().from(workspaces).where(eq(workspaces.id, ws.workspace.id));
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ name: '  ' }, /^name: /],
      [{ timeZone: 'Mars/Olympus_Mons' }, /^timeZone: a time zone of the IANA database/],
      [{ businessQuietHours: { start: '25:00', end: '09:00' } }, /^businessQuietHours\.start: a time of day/],
      [{ businessQuietHours: { start: '21:00', end: '21:00' } }, /^businessQuietHours\.end: start and end must differ/],
      [{ recipientHours: { start: '20:00', end: '08:00' } }, /^recipientHours\.end: must be later than start/],
      [{ escalation: [{ level: 1, breaches: 2, days: 15 }, { level: 1, breaches: 3, days: 21 }] }, /^escalation: each level once/],
      [{ escalation: [{ level: 1, breaches: 0, days: 15 }] }, /^escalation\.0\.breaches: /],
      [{ attributionWindowHours: 0 }, /^attributionWindowHours: at least 1 hour/],
      [{ wechatMessageCapDefault: 50 }, /^wechatMessageCapDefault: at most 20/],
      [{ fileSizeCapMb: 0 }, /^fileSizeCapMb: at least 1 MB/],
      [{ closeUnassigns: 'yes' }, /^closeUnassigns: /],
      [{}, /change at least one of/],
      // A good field does not carry a bad one through.
      [{ name: 'Clínica Norte', viberPaidTermsAccepted: 'sí' }, /^viberPaidTermsAccepted: /],
    ];
    for (const [patch, message] of refused) {
      // As the client reads it: the input's issues, each `field: what is wrong`.
      const error = await as(ws.admin).workspace.update(patch as never).then(() => null, (e: TRPCError) => e);
      expect(error?.code, JSON.stringify(patch)).toBe('BAD_REQUEST');
      expect(describeIssues(error!.cause as z.ZodError), JSON.stringify(patch)).toMatch(message);
    }
    const response = await rest(patchWorkspace, ws.tokens.admin, { fileSizeCapMb: 500 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'fileSizeCapMb: at most 100 MB' } });
    const [after] = await database.db.select().from(workspaces).where(eq(workspaces.id, ws.workspace.id));
    expect(after).toEqual(before);
    expect(await entries()).toEqual([]);
  });

  it('only admins read and change the settings, on tRPC and REST', async () => {
    await expect(as(ws.supervisor).workspace.get()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.agent).workspace.update({ name: 'Mía' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await rest(getWorkspace, ws.tokens.agent)).status).toBe(403);
    expect((await rest(patchWorkspace, ws.tokens.agent, { name: 'Mía' })).status).toBe(403);
    // Defaults SPEC names, for what was never set.
    expect(await (await rest(getWorkspace, ws.tokens.admin)).json()).toMatchObject({
      id: ws.workspace.id,
      businessQuietHours: { start: '21:00', end: '09:00' },
      recipientHours: { start: '08:00', end: '20:00' },
      closeUnassigns: false,
      escalation: [{ level: 1, breaches: 2, days: 15 }, { level: 2, breaches: 3, days: 21 }, { level: 3, breaches: 4, days: 30 }],
      attributionWindowHours: 24,
      wechatMessageCapDefault: 5,
      viberPaidTermsAccepted: false,
      fileSizeCapMb: 25,
    });
  });

  it('moves a pending business-clock deadline when the quiet hours or the zone change, and audits each change before and after', async () => {
    // A new contact writes at 20:30 Madrid: 30 business minutes before 21:00, the rest from 09:00.
    await withEffects(database.db, (fx) =>
      ingest(database.db, ws.sandbox, { messages: [{ providerMessageId: `${tag}-1`, externalId: `${tag}-1`, contactName: 'Nuria', contactPhone: null, body: 'Hola', sentAt: new Date('2026-11-20T19:30:00Z'), echo: false }], updates: [] }, at('2026-11-20T19:30:00Z'), fx),
    );
    const [{ id: conversationId }] = (await database.db.select({ id: messages.conversationId }).from(messages).where(eq(messages.providerMessageId, `${tag}-1`))) as [{ id: string }];
    const firstStage = async () => (await database.db.select().from(deadlines).where(and(eq(deadlines.conversationId, conversationId), eq(deadlines.stageIndex, 0))))[0]!;
    expect((await firstStage()).dueAt.toISOString()).toBe('2026-11-21T09:30:00.000Z');

    // Quiet from 22:00 to 08:00: 90 minutes that evening, the last 30 from 08:00.
    const saved = await as(ws.admin, '2026-11-20T19:41:00Z').workspace.update({ businessQuietHours: { start: '22:00', end: '08:00' } });
    expect(saved.businessQuietHours).toEqual({ start: '22:00', end: '08:00' });
    expect((await firstStage()).dueAt.toISOString()).toBe('2026-11-21T07:30:00.000Z');
    // Its breach check is queued for the new moment; the thread shows the new hours.
    const { id: deadlineId } = await firstStage();
    const queued = await database.db.select().from(jobs).where(eq(jobs.kind, 'deadline.due'));
    expect(queued.filter((j) => j.payload.deadlineId === deadlineId).map((j) => j.runAt.toISOString())).toContain('2026-11-21T07:30:00.000Z');
    expect((await as(ws.admin).protocols.deadlines({ conversationId }))[0]).toMatchObject({ dueAt: '2026-11-21T07:30:00.000Z', quietHours: { start: '22:00', end: '08:00' } });
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conversation!.nextDueAt?.toISOString()).toBe('2026-11-21T07:30:00.000Z');

    // Unassigned, it is read in the workspace's zone: 13:30 in Mexico City, two business hours to 15:30.
    await as(ws.admin, '2026-11-20T19:42:00Z').workspace.update({ timeZone: 'America/Mexico_City' });
    expect(await firstStage()).toMatchObject({ zone: 'America/Mexico_City' });
    expect((await firstStage()).dueAt.toISOString()).toBe('2026-11-20T21:30:00.000Z');

    expect((await entries()).map((e) => [e.actorId, e.targetType, e.before, e.after])).toEqual([
      [ws.admin.id, 'workspace', { timeZone: 'Europe/Madrid' }, { timeZone: 'America/Mexico_City' }],
      [ws.admin.id, 'workspace', { businessQuietHours: { start: '21:00', end: '09:00' } }, { businessQuietHours: { start: '22:00', end: '08:00' } }],
    ]);
    await as(ws.admin, '2026-11-20T19:43:00Z').workspace.update({ timeZone: 'Europe/Madrid', businessQuietHours: { start: '21:00', end: '09:00' } });
  });

  it('a change counts at the next request: closing unassigns once the workspace says so', async () => {
    const { id } = (await database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.workspaceId, ws.workspace.id)).limit(1))[0]!;
    await as(ws.admin).conversations.assign({ conversationId: id, userId: ws.agent.id });
    await as(ws.admin).conversations.setStatus({ conversationId: id, change: { status: 'closed' } });
    expect((await as(ws.admin).conversations.get({ conversationId: id })).assigneeId).toBe(ws.agent.id);

    const response = await rest(patchWorkspace, ws.tokens.admin, { closeUnassigns: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ closeUnassigns: true });
    await as(ws.admin).conversations.setStatus({ conversationId: id, change: { status: 'open' } });
    await as(ws.admin).conversations.setStatus({ conversationId: id, change: { status: 'closed' } });
    expect((await as(ws.admin).conversations.get({ conversationId: id })).assigneeId).toBeNull();
    // Setting what is already set changes and audits nothing.
    const audited = (await entries()).length;
    await as(ws.admin).workspace.update({ closeUnassigns: true });
    expect(await entries()).toHaveLength(audited);
  });

  it("a WeChat channel with no cap of its own follows the workspace's default, from the next send", async () => {
    const wechat = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'wechat', publicId: `${tag}-wechat`, name: 'WeChat', settings: { delivery: 'record' } });
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Wei', identity: { channelId: wechat.id, externalId: `${tag}-wei` } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: wechat.id, contactId: contact.id });
    const now = new Date('2026-11-21T12:00:00Z');
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'ni hao', sentAt: new Date(now.getTime() - 60_000) });
    const send = () => as(ws.agent, now.toISOString()).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'hola' } });
    await as(ws.admin, '2026-11-21T11:59:30Z').workspace.update({ wechatMessageCapDefault: 2 });
    await send();
    await send();
    await expect(send()).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT', cause: { code: 'MESSAGE_CAP_REACHED' } });
    await as(ws.admin, '2026-11-21T11:59:40Z').workspace.update({ wechatMessageCapDefault: 5 });
    await expect(send()).resolves.toMatchObject({ status: 'queued' });
  });

  it("the reports page's attribution window is the same setting, audited in the manager's name", async () => {
    const manager = toSessionUser(await createUser(database.db, { workspaceId: ws.workspace.id, email: `manager@${tag}.test`, name: 'Marta', role: 'manager' }));
    await as(manager, '2030-01-01T00:00:00Z').attribution.setWindow({ hours: 48 });
    expect((await as(ws.admin).workspace.get()).attributionWindowHours).toBe(48);
    expect((await entries())[0]).toMatchObject({ actorId: manager.id, before: { attributionWindowHours: 24 }, after: { attributionWindowHours: 48 } });
    await expect(as(manager).workspace.update({ attributionWindowHours: 12 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
