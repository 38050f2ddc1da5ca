import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getTemplates } from '@/app/api/v1/templates/route';
import { setDatabase, type Database } from '@/db/client';
import { templates } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ApiTemplate } from './api-view';

describe.each(testDatabaseKinds)('GET /api/v1/templates (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, 'tpl-a');
    b = await createTestWorkspace(database.db, 'tpl-b');
    await database.db.insert(templates).values([
      { workspaceId: a.workspace.id, name: 'cita', body: 'Hola {{contact.first_name}}, tu cita es el {{1}}.', channelKinds: ['whatsapp'], whatsappStatus: 'approved', whatsappCategory: 'utility' },
      { workspaceId: a.workspace.id, name: 'promo', body: 'Novedades', channelKinds: ['whatsapp'], whatsappStatus: 'pending', whatsappCategory: 'marketing' },
      { workspaceId: a.workspace.id, name: 'general', body: 'Gracias por escribir', stage: 'general' },
      { workspaceId: a.workspace.id, name: 'mine', body: 'Mi firma', ownerId: a.admin.id },
      { workspaceId: a.workspace.id, name: 'theirs', body: 'De otra persona', ownerId: a.agent.id },
      { workspaceId: a.workspace.id, name: 'old', body: 'Archivada', archivedAt: new Date() },
      { workspaceId: b.workspace.id, name: 'foreign', body: 'Otro espacio' },
    ]);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const list = async (token: string | null) => {
    const response = await getTemplates(new Request('http://test/api/v1/templates', { headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };

  it("lists the workspace's shared templates and the token user's own, with WhatsApp status and category", async () => {
    const { status, body } = await list('tpl-a-admin-token');
    expect(status).toBe(200);
    for (const t of body.data) expect(Object.keys(t).sort()).toEqual(Object.keys(ApiTemplate.shape).sort());
    const byName = Object.fromEntries((body.data as unknown[]).map((t) => ApiTemplate.parse(t)).map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['cita', 'general', 'mine', 'promo']);
    expect(byName.cita).toMatchObject({ whatsappStatus: 'approved', category: 'utility', channelKinds: ['whatsapp'], language: 'es', personal: false, body: 'Hola {{contact.first_name}}, tu cita es el {{1}}.' });
    expect(byName.promo).toMatchObject({ whatsappStatus: 'pending', category: 'marketing' });
    expect(byName.general).toMatchObject({ whatsappStatus: null, category: null, channelKinds: [] });
    expect(byName.mine!.personal).toBe(true);
  });

  it("gives an agent the shared ones and their own, never a colleague's; 401 without a token", async () => {
    const names = ((await list('tpl-a-agent-token')).body.data as { name: string }[]).map((t) => t.name).sort();
    expect(names).toEqual(['cita', 'general', 'promo', 'theirs']);
    expect((await list(null)).status).toBe(401);
  });
});
