import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getAudit } from '@/app/api/v1/audit/route';
import { setDatabase, type Database } from '@/db/client';
import { apiTokens, auditLog } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { recordAudit } from './record';

/*
 * Settings → Audit log and GET /api/v1/audit (SPEC §15): admins read who did what and when,
 * before and after, newest first by keyset, filtered by action, actor, target type and time;
 * a secret never reaches the log.
 */
describe.each(testDatabaseKinds)('the audit log (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const tag = `audit-${kind}`;
  const at = (iso: string): Clock => ({ now: () => new Date(iso) });
  const as = (user: SessionUser, iso = '2026-11-21T10:00:00Z') => createCaller({ db: database.db, clock: at(iso), user });
  const rest = async (query: string, token = ws.tokens.admin) => {
    const response = await getAudit(new Request(`http://test/api/v1/audit${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    return { status: response.status, body: (await response.json()) as { data: { id: string; action: string; at: string; actor: { name: string } | null }[]; nextCursor: string | null; error?: { message: string } } };
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, tag);
    other = await createTestWorkspace(database.db, `${tag}-other`);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it('records an API token created and revoked, and never the token', async () => {
    const created = await as(ws.admin, '2026-11-21T09:00:00Z').apiTokens.create({ name: 'Integración CRM' });
    await as(ws.admin, '2026-11-21T09:01:00Z').apiTokens.revoke({ tokenId: created.id });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, created.id)).orderBy(auditLog.createdAt);
    expect(entries.map((e) => [e.action, e.actorId, e.targetType, e.before, e.after])).toEqual([
      ['api_token.created', ws.admin.id, 'api_token', null, { name: 'Integración CRM', ownerId: ws.admin.id }],
      ['api_token.revoked', ws.admin.id, 'api_token', { name: 'Integración CRM', revoked: false }, { name: 'Integración CRM', revoked: true }],
    ]);
    const [{ tokenHash }] = (await database.db.select({ tokenHash: apiTokens.tokenHash }).from(apiTokens).where(eq(apiTokens.id, created.id))) as [{ tokenHash: string }];
    const everything = JSON.stringify(await database.db.select().from(auditLog));
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(tokenHash);
  });

  it('a failed action leaves no entry: the entry is written in its transaction', async () => {
    const before = (await database.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspace.id))).length;
    await expect(as(ws.admin).apiTokens.revoke({ tokenId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(ws.admin).teams.create({ name: 'Nadie', supervisorIds: [ws.agent.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspace.id))).toHaveLength(before);
  });

  it('lists newest first by keyset, filtered by action, actor, target type and time, on tRPC and REST alike', async () => {
    // Twelve entries a minute apart, by two people, on two kinds of target.
    for (let i = 0; i < 12; i++) {
      const minute = String(i).padStart(2, '0');
      await recordAudit(database.db, {
        workspaceId: ws.workspace.id,
        actorId: i % 2 === 0 ? ws.admin.id : ws.supervisor.id,
        action: i % 3 === 0 ? 'team.renamed' : 'team.members_changed',
        targetType: i % 4 === 0 ? 'channel' : 'team',
        targetId: `t${i}`,
        before: { n: i },
        after: { n: i + 1 },
        at: new Date(`2026-11-22T08:${minute}:00Z`),
      });
    }
    // An entry of another workspace is never listed.
    await recordAudit(database.db, { workspaceId: other.workspace.id, actorId: other.admin.id, action: 'team.renamed', targetType: 'team', targetId: 'theirs', at: new Date('2026-11-22T08:30:00Z') });

    const window = { from: '2026-11-22T08:00:00Z', to: '2026-11-22T09:00:00Z' };
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { targetId: string | null }[]; nextCursor: string | null } = await as(ws.admin).audit.list({ ...window, limit: 5, cursor });
      pages.push(page.data.map((e) => e.targetId!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      ['t11', 't10', 't9', 't8', 't7'],
      ['t6', 't5', 't4', 't3', 't2'],
      ['t1', 't0'],
    ]);

    const ids = async (filters: Record<string, string>) => (await as(ws.admin).audit.list({ ...window, ...filters, limit: 50 })).data.map((e) => e.targetId);
    expect(await ids({ action: 'team.renamed' })).toEqual(['t9', 't6', 't3', 't0']);
    expect(await ids({ actorId: ws.supervisor.id, targetType: 'team' })).toEqual(['t11', 't9', 't7', 't5', 't3', 't1']);
    expect(await ids({ targetType: 'channel' })).toEqual(['t8', 't4', 't0']);
    expect(await ids({ from: '2026-11-22T08:03:00Z', to: '2026-11-22T08:06:00Z' })).toEqual(['t5', 't4', 't3']);

    const viaRest = await rest(`?from=2026-11-22T08:00:00Z&to=2026-11-22T09:00:00Z&action=team.renamed&limit=2`);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body.data.map((e) => [e.action, e.at, e.actor?.name])).toEqual([
      ['team.renamed', '2026-11-22T08:09:00.000Z', 'supervisor'],
      ['team.renamed', '2026-11-22T08:06:00.000Z', 'admin'],
    ]);
    const rest2 = await rest(`?from=2026-11-22T08:00:00Z&to=2026-11-22T09:00:00Z&action=team.renamed&limit=2&cursor=${viaRest.body.nextCursor}`);
    expect(rest2.body.data.map((e) => e.at)).toEqual(['2026-11-22T08:03:00.000Z', '2026-11-22T08:00:00.000Z']);
    expect(rest2.body.nextCursor).toBeNull();
    expect((await as(ws.admin).audit.vocabulary()).actions).toEqual(expect.arrayContaining(['api_token.created', 'team.members_changed', 'team.renamed']));
  });

  it('answers bad filters by field, and only to admins', async () => {
    expect((await rest('?cursor=bm90LWEtY3Vyc29y')).body.error?.message).toMatch(/^cursor: /);
    expect((await rest('?from=2026-11-22T09:00:00Z&to=2026-11-22T08:00:00Z')).body.error?.message).toMatch(/^to: must be later than from/);
    expect((await rest('?actorId=nobody')).body.error?.message).toMatch(/^actorId: /);
    expect((await rest('?limit=500')).body.error?.message).toMatch(/^limit: /);
    expect((await rest('', ws.tokens.agent)).status).toBe(403);
    await expect(as(ws.supervisor).audit.list({ limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
