import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listUsers } from '@/app/api/v1/users/route';
import { openDatabase, setDatabase, type Database, type DatabaseKind } from '@/db/client';
import { createTestPostgres, testDatabaseKinds } from '@/db/testing';
import { signInWithPassword } from '@/server/auth/testing';

/*
 * The scripted install as an operator runs it: `tsx server/workspaces/cli.ts` (what `npm run
 * setup` and `npm run workspace:create` run) in its own process, against an embedded database in
 * a fresh DATA_DIR or a fresh PostgreSQL; then this process opens the same database as the
 * server would and uses what the commands printed.
 */
// Each command is a process of its own that loads the app and migrates: seconds, not milliseconds.
const COMMANDS_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds)('npm run setup / workspace:create (%s)', (kind: DatabaseKind) => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let dropPostgres = async () => {};
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cadence-cli-'));
    if (kind === 'postgres') ({ url: databaseUrl, drop: dropPostgres } = await createTestPostgres());
  });
  afterAll(async () => {
    await dropPostgres();
    await rm(dataDir, { recursive: true, force: true });
  });

  const run = (args: string[], stdin: string | null) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const { DATABASE_URL: _inherited, ...inherited } = process.env;
      const child = spawn(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['server/workspaces/cli.ts', ...args], {
        env: { ...inherited, DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
        stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout!.on('data', (c) => (out += String(c)));
      child.stderr!.on('data', (c) => (err += String(c)));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      if (stdin !== null) child.stdin!.end(stdin);
    });

  /** Opens the database the commands wrote, as the server does after them. */
  async function open(): Promise<Database> {
    const database = await openDatabase({ url: databaseUrl, dataDir: path.join(dataDir, 'pglite') });
    setDatabase(database);
    return database;
  }

  it('setup --token creates the workspace and its admin and prints an API token that works on REST; then setup is refused', async () => {
    const first = await run(['setup', '--workspace', 'Clínica Guion', '--email', 'Owner@Script.test', '--zone', 'Europe/Lisbon', '--token'], 'a long enough pass phrase\n');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Created workspace "Clínica Guion"');
    if (kind === 'pglite') expect(first.out).toMatch(/the server must be stopped/);
    // A password given on stdin is never printed.
    expect(first.out).not.toContain('a long enough pass phrase');
    const token = /^API token: (cad_\S+)$/m.exec(first.out)?.[1];
    expect(token).toBeDefined();

    const again = await run(['setup', '--workspace', 'Second', '--email', 'late@script.test'], 'another long pass phrase\n');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already set up/);

    const database = await open();
    try {
      const res = await listUsers(new Request('http://test/api/v1/users', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      expect((await res.json()).data).toEqual([expect.objectContaining({ email: 'owner@script.test', role: 'admin', status: 'active' })]);
      expect(await signInWithPassword('owner@script.test', 'a long enough pass phrase')).toMatchObject({ role: 'admin', timeZone: 'Europe/Lisbon' });
    } finally {
      setDatabase(undefined);
      await database.close();
    }
  }, COMMANDS_TIMEOUT_MS);

  it('workspace:create adds another workspace while people exist, printing a generated password once, and refuses a weak one', async () => {
    const made = await run(['create', '--workspace', 'Hosted', '--email', 'host@script.test', '--language', 'en'], null);
    expect(made.code).toBe(0);
    const password = /^Password of host@script\.test \(shown once\): (\S+)$/m.exec(made.out)?.[1];
    expect(password).toBeDefined();
    expect(made.out).not.toMatch(/API token/);

    const weak = await run(['create', '--workspace', 'Weak', '--email', 'weak@script.test'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/^password: at least 12 characters/m);
    const missing = await run(['create', '--workspace', 'No email'], null);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--workspace and --email are required/);

    const database = await open();
    try {
      expect(await signInWithPassword('host@script.test', password!)).toMatchObject({ role: 'admin', locale: 'en' });
    } finally {
      setDatabase(undefined);
      await database.close();
    }
  }, COMMANDS_TIMEOUT_MS);
});
