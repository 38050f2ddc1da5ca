import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { users } from '@/db/schema';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';

/** A message as the SMTP server received it: envelope and raw text. */
type Received = { from: string; to: string[]; raw: string };

/*
 * A real SMTP server on a free port, checking the login nodemailer sends, as a mail provider
 * would; SMTP_URL points at it. Configuration is validated once per module graph, so the app's
 * modules are imported afresh after SMTP_URL is set.
 */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'cadence' && auth.password === 'mail-secret') return callback(null, { user: auth.username });
      callback(new Error('535 authentication failed'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The text part of a received message, with quoted-printable soft breaks and escapes undone. */
const bodyOf = (raw: string) =>
  Buffer.from(
    raw
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('\n\n')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

describe.each(testDatabaseKinds)('links sent by email when SMTP_URL is set (%s)', (kind) => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let app: {
    createCaller: typeof import('@/server/router').createCaller;
    createTestWorkspace: typeof import('@/db/seed/test-workspace').createTestWorkspace;
  };
  beforeAll(async () => {
    smtp = await startSmtp();
    vi.stubEnv('SMTP_URL', `smtp://cadence:mail-secret@127.0.0.1:${smtp.port}`);
    vi.stubEnv('SMTP_FROM', 'Clínica <hola@clinic.test>');
    vi.resetModules();
    app = {
      createCaller: (await import('@/server/router')).createCaller,
      createTestWorkspace: (await import('@/db/seed/test-workspace')).createTestWorkspace,
    };
    database = await openTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    setDatabase(undefined);
    await database.close();
    await smtp.close();
  });

  it('emails the invitation, in the workspace’s language, with the link the admin sees', async () => {
    const ws = await app.createTestWorkspace(database.db, `mail${kind}`);
    const caller = app.createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin });
    const link = await caller.people.invite({ email: 'invitee@clinic.test', role: 'agent' });
    expect(link.emailDelivery).toBe('sent');
    const mail = smtp.received.find((m) => m.to.includes('invitee@clinic.test'));
    expect(mail).toMatchObject({ from: 'hola@clinic.test' });
    const body = bodyOf(mail!.raw);
    expect(body).toContain(link.inviteUrl);
    // The test workspace speaks Spanish (the default), and the admin's name introduces the invitation.
    expect(body).toContain(`${ws.admin.name} te invita a unirte a ${ws.workspace.name}`);
    expect(body).toContain('como Agente');
  });

  it('emails a password-reset link in the person’s own language', async () => {
    const ws = await app.createTestWorkspace(database.db, `reset${kind}`);
    await database.db.update(users).set({ locale: 'en' }).where(eq(users.id, ws.agent.id));
    const caller = app.createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin });
    const reset = await caller.people.issuePasswordReset({ userId: ws.agent.id });
    expect(reset.emailDelivery).toBe('sent');
    const mail = smtp.received.find((m) => m.to.includes(ws.agent.email));
    const body = bodyOf(mail!.raw);
    expect(body).toContain(reset.resetUrl);
    expect(body).toContain(`${ws.admin.name} asked you to choose a new password`);
  });
});

describe.each(testDatabaseKinds)('an SMTP server that refuses the login (%s)', (kind) => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    vi.stubEnv('SMTP_URL', `smtp://cadence:wrong@127.0.0.1:${smtp.port}`);
    vi.resetModules();
    database = await openTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    setDatabase(undefined);
    await database.close();
    await smtp.close();
  });

  it('still invites: the link is shown to copy, and the answer says the email failed', async () => {
    const { createCaller } = await import('@/server/router');
    const { createTestWorkspace } = await import('@/db/seed/test-workspace');
    const ws = await createTestWorkspace(database.db, `refused${kind}`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const link = await createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin }).people.invite({ email: 'copy@clinic.test', role: 'agent' });
    errors.mockRestore();
    expect(link).toMatchObject({ emailDelivery: 'failed', status: 'pending', inviteUrl: expect.stringContaining('/invite/') });
    expect(smtp.received).toEqual([]);
  });
});
