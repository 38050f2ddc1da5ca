import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The session-signing secret: AUTH_SECRET when set; otherwise one generated on first start and
 * kept in the data folder, so a fresh clone boots and sessions survive a restart.
 */
export const resolveAuthSecret = (configured: string | undefined, dataDir: string) =>
  kept(configured, dataDir, 'auth-secret', () => randomBytes(32).toString('base64url'));

/** APP_KEY (it seals provider credentials) when set; otherwise one generated and kept like the auth secret. */
export const resolveAppKey = (configured: string | undefined, dataDir: string) => kept(configured, dataDir, 'app-key', () => randomBytes(32).toString('hex'));

async function kept(configured: string | undefined, dataDir: string, name: string, make: () => string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = make();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
