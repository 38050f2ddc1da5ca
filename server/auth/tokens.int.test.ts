import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { createCaller } from '@/server/router';
import { userForApiToken } from './api-token';

describe('API tokens managed by admins', () => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'tok');
    other = await createTestWorkspace(database.db, 'tok2');
  });
  afterAll(() => database.close());
  const as = (user: TestWorkspace['admin']) => createCaller({ db: database.db, clock: { now: () => new Date() }, user });

  it('creates a token shown once, which then authenticates as the admin until revoked', async () => {
    const { id, token } = await as(ws.admin).apiTokens.create({ name: 'CRM sync' });
    expect(token).toMatch(/^cad_/);
    expect(await userForApiToken(database.db, `Bearer ${token}`)).toMatchObject({ id: ws.admin.id, role: 'admin' });
    const listed = await as(ws.admin).apiTokens.list();
    expect(listed.find((t) => t.id === id)).toMatchObject({ name: 'CRM sync', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
    await as(ws.admin).apiTokens.revoke({ tokenId: id });
    expect(await userForApiToken(database.db, `Bearer ${token}`)).toBeNull();
  });

  it('refuses agents and supervisors, and tokens of another workspace', async () => {
    await expect(as(ws.agent).apiTokens.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.supervisor).apiTokens.create({ name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { id } = await as(other.admin).apiTokens.create({ name: 'theirs' });
    await expect(as(ws.admin).apiTokens.revoke({ tokenId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(ws.admin).apiTokens.create({ name: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
