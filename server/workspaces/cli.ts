import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { resolveAppKey } from '@/server/auth/secret';
import { createToken } from '@/server/auth/tokens';
import { systemClock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { readEnv } from '@/server/env';
import { AppError } from '@/server/errors';
import { describeIssues } from '@/server/validation';
import { createWorkspace, setUpFirstRun } from './create';
import { NewWorkspaceInput } from './schemas';

/*
 * `npm run setup` (the first run, scripted) and `npm run workspace:create` (another workspace
 * of this installation, an operator's command): `tsx server/workspaces/cli.ts setup|create …`.
 */

const HELP = `Usage:
  npm run setup -- --workspace <name> --email <admin email> [--name <admin name>] [--zone <IANA zone>] [--language es|en] [--token]
  npm run workspace:create -- (the same flags)

setup creates the first workspace and its admin, only while nobody exists (like /setup).
workspace:create adds another workspace with its own admin at any time; workspaces never see each other.

The admin's password is read from standard input (its first line) when it is piped in; otherwise
one is generated and printed once. --token also prints a new admin API token, once, on a line of
its own: "API token: <token>", for a script to go on through the REST API.

On the embedded database (no DATABASE_URL) run these while the server is stopped: the embedded
database belongs to one process at a time.`;

const modes = { setup: setUpFirstRun, create: createWorkspace } as const;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      zone: { type: 'string' },
      language: { type: 'string', default: 'es' },
      token: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const mode = positionals[0];
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if ((mode !== 'setup' && mode !== 'create') || !values.workspace || !values.email) {
    console.error(`${mode === 'setup' || mode === 'create' ? '--workspace and --email are required.\n\n' : ''}${HELP}`);
    return 2;
  }

  const typed = await readPassword();
  const password = typed || randomBytes(18).toString('base64url');
  const parsed = NewWorkspaceInput.safeParse({
    workspace: values.workspace,
    email: values.email,
    name: values.name ?? values.email.split('@')[0],
    timeZone: values.zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    language: values.language,
    password,
  });
  if (!parsed.success) {
    console.error(describeIssues(parsed.error));
    return 2;
  }

  const env = readEnv();
  await mkdir(env.DATA_DIR, { recursive: true });
  // The server's own key, as the seed uses: what this writes is read by the server afterwards.
  process.env.APP_KEY = await resolveAppKey(env.APP_KEY, env.DATA_DIR);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.DATA_DIR, 'pglite') });
  if (database.kind === 'pglite') console.log(`Embedded database in ${env.DATA_DIR}: the server must be stopped while this runs.`);
  try {
    await database.migrate();
    const { workspaceId, admin } = await modes[mode](database.db, parsed.data, systemClock, new Effects());
    console.log(`Created workspace "${parsed.data.workspace}" (${workspaceId}; ${parsed.data.timeZone}, ${parsed.data.language}) and its admin ${admin.email}.`);
    if (!typed) console.log(`Password of ${admin.email} (shown once): ${password}`);
    if (values.token) console.log(`API token: ${(await createToken(database.db, admin, 'setup', systemClock.now())).token}`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(mode === 'setup' && error.code === 'NOT_FOUND' ? 'This installation is already set up. For another workspace: npm run workspace:create' : error.message);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
