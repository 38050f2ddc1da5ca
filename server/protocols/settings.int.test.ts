import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { createCaller } from '@/server/router';

describe('protocol settings and the automatic message', () => {
  let database: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'set');
  });
  afterAll(() => database.close());
  const as = (user: TestWorkspace['agent']) => createCaller({ db: database.db, clock: { now: () => new Date() }, user });

  it('managers edit a protocol; agents and supervisors cannot; bad stages are refused by field', async () => {
    const [first] = await as(ws.admin).protocols.list();
    const input = {
      protocolId: first!.id,
      name: first!.name,
      active: true,
      stopEvents: first!.stopEvents,
      autoMessageMinutes: 10,
      inactivityDays: null,
      stages: first!.stages.map((s) => ({ ...s, offsetMinutes: s.offsetMinutes * 2 })),
    };
    await expect(as(ws.agent).protocols.update(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.supervisor).protocols.update(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const saved = await as(ws.admin).protocols.update(input);
    expect(saved.autoMessageMinutes).toBe(10);
    expect(saved.stages[0]!.offsetMinutes).toBe(240);
    await expect(as(ws.admin).protocols.update({ ...input, stages: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(as(ws.admin).protocols.update({ ...input, stages: [{ ...input.stages[0]!, offsetMinutes: 0 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("keeps each agent's own automatic message and refuses placeholders it cannot fill", async () => {
    await as(ws.agent).profile.setAutoMessage({ autoMessage: 'Hola {{contact.first_name}}, soy {{agent.name}}.' });
    expect((await as(ws.agent).profile.get()).autoMessage).toBe('Hola {{contact.first_name}}, soy {{agent.name}}.');
    await expect(as(ws.agent).profile.setAutoMessage({ autoMessage: 'Tu sesión: {{session.link}}' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await as(ws.agent).profile.setAutoMessage({ autoMessage: null });
    expect((await as(ws.agent).profile.get()).autoMessage).toBeNull();
  });
});
