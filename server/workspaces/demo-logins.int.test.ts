import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { demoUsers } from '@/db/seed/demo-data';
import { createUser, createWorkspace } from '@/db/seed/factories';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { demoLoginsExist } from './demo-logins';

describe.each(testDatabaseKinds)('whether the login page may name a demo login (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.close());

  it("says no on a real team's install, and yes once the demo's users exist", async () => {
    const clinic = await createWorkspace(database.db, { name: 'Clínica Norte' });
    await createUser(database.db, { workspaceId: clinic.id, email: 'marta@norte.test', name: 'Marta', role: 'admin' });
    expect(await demoLoginsExist(database.db)).toBe(false);

    const demo = await createWorkspace(database.db, { name: 'Demo Clinic' });
    await createUser(database.db, { workspaceId: demo.id, email: demoUsers[0]!.email, name: demoUsers[0]!.name, role: demoUsers[0]!.role });
    expect(await demoLoginsExist(database.db)).toBe(true);
  });
});
