import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, protocols, templates, users, workspaces } from '@/db/schema';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { signInWithPassword } from '@/server/auth/testing';
import { systemClock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { createCaller } from '@/server/router';
import { libraryTemplates } from '@/server/templates/library';
import { createWorkspace, needsSetup } from './create';

const anonymous = (database: Database) => createCaller({ db: database.db, clock: systemClock, user: null });
const form = (over: Record<string, string> = {}) => ({
  workspace: 'Clínica Norte',
  timeZone: 'America/Mexico_City',
  language: 'en' as const,
  name: 'Marta Admin',
  email: 'marta@norte.test',
  password: 'a long enough pass phrase',
  ...over,
});

describe.each(testDatabaseKinds)('the first run (%s)', (kind) => {
  let database: Database;
  /** The form of whichever setup won the race. */
  let won: ReturnType<typeof form>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });
  const rows = async (table: typeof users | typeof workspaces) => (await database.db.select({ n: count() }).from(table))[0]!.n;

  it('refuses a short or common password and a zone that is none, naming the field, and writes nothing', async () => {
    expect(await needsSetup(database.db)).toBe(true);
    await expect(anonymous(database).setup.run(form({ password: 'short' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'password: at least 12 characters',
      cause: { details: { field: 'password', reason: 'password_too_short' } },
    });
    await expect(anonymous(database).setup.run(form({ password: 'Password1234' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^password: too common/),
      cause: { details: { reason: 'password_too_common' } },
    });
    // Input errors name their field (the tRPC formatter and REST write them as `field: message`).
    const fieldError = (path: string, message: RegExp) => ({ code: 'BAD_REQUEST', cause: { issues: [expect.objectContaining({ path: [path], message: expect.stringMatching(message) })] } });
    await expect(anonymous(database).setup.run(form({ timeZone: 'Mars/Olympus' }))).rejects.toMatchObject(fieldError('timeZone', /^not a time zone/));
    await expect(anonymous(database).setup.run(form({ email: 'not-an-email' }))).rejects.toMatchObject(fieldError('email', /^not an email address$/));
    expect(await rows(workspaces)).toBe(0);
    expect(await rows(users)).toBe(0);
  });

  it('two setups submitted at the same moment create one workspace and one admin', async () => {
    // Different addresses: what keeps the second out is the first run's lock, not a unique email.
    const forms = [form(), form({ email: 'rival@norte.test', workspace: 'Rival' })];
    const results = await Promise.allSettled(forms.map((f) => anonymous(database).setup.run(f)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    won = forms[results.findIndex((r) => r.status === 'fulfilled')]!;
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'NOT_FOUND', cause: { details: { reason: 'already_set_up' } } } });
    expect(await rows(workspaces)).toBe(1);
    expect(await rows(users)).toBe(1);
    expect(await needsSetup(database.db)).toBe(false);
  });

  it('after that, setup is gone: NOT_FOUND for anyone, whatever they send', async () => {
    await expect(anonymous(database).setup.run(form({ email: 'late@norte.test' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await rows(users)).toBe(1);
  });

  it('made a workspace ready to use: its zone and language, the four protocols, the starter templates in its language, and its admin, who can sign in', async () => {
    const [workspace] = await database.db.select().from(workspaces);
    expect(workspace).toMatchObject({ name: won.workspace, timeZone: 'America/Mexico_City', locale: 'en' });
    const [admin] = await database.db.select().from(users);
    expect(admin).toMatchObject({ workspaceId: workspace!.id, role: 'admin', timeZone: 'America/Mexico_City', locale: 'en', deactivatedAt: null });
    const keys = (await database.db.select({ key: protocols.key }).from(protocols).where(eq(protocols.workspaceId, workspace!.id))).map((p) => p.key);
    expect(keys.sort()).toEqual(['after_session', 'booking_confirmation', 'first_contact', 're_engagement']);
    const library = await database.db.select({ language: templates.language }).from(templates).where(eq(templates.workspaceId, workspace!.id));
    expect(library.length).toBe(libraryTemplates.filter((t) => t.language === 'en').length);
    expect(new Set(library.map((t) => t.language))).toEqual(new Set(['en']));
    const [created] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'workspace.created'));
    expect(created).toMatchObject({ workspaceId: workspace!.id, actorId: admin!.id, targetId: workspace!.id });
    expect(await signInWithPassword(won.email, won.password)).toMatchObject({ id: admin!.id, role: 'admin' });
  });

  it('an operator adds more workspaces while people exist, each invisible to the others', async () => {
    const second = await createWorkspace(database.db, form({ workspace: 'Hosted Two', email: 'owner@two.test', language: 'es' }), systemClock, new Effects());
    const [first] = await database.db.select().from(users).where(eq(users.email, won.email));
    const peopleOf = async (admin: typeof second.admin) =>
      (await createCaller({ db: database.db, clock: systemClock, user: admin }).people.list()).people.map((p) => p.email);
    expect(await peopleOf(second.admin)).toEqual(['owner@two.test']);
    expect(await peopleOf({ ...second.admin, id: first!.id, workspaceId: first!.workspaceId })).toEqual([won.email]);
    const spanish = await database.db.select({ language: templates.language }).from(templates).where(eq(templates.workspaceId, second.workspaceId));
    expect(new Set(spanish.map((t) => t.language))).toEqual(new Set(['es']));
    // An address is one person's, across the installation.
    await expect(createWorkspace(database.db, form({ workspace: 'Three', email: won.email }), systemClock, new Effects())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^email:/) });
  });
});
