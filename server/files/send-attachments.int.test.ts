import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { GET as getFile } from '@/app/api/v1/files/[id]/route';
import { POST as postFile } from '@/app/api/v1/files/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { setDatabase, type Database } from '@/db/client';
import { attachments, conversations, messages, uploads, workspaces } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { deliveriesOf, outboundOf } from '@/server/messages/testing';
import { createCaller } from '@/server/router';
import { oggOpusVoiceNote, pngImage } from './testing';

// The routes' storage is this process's, DATA_DIR/files, chosen once: one folder for every database's run.
const root = mkdtempSync(path.join(tmpdir(), 'cadence-upload-'));
process.env.DATA_DIR = root;
afterAll(() => rm(root, { recursive: true, force: true }));

const HOUR = 3_600_000;
const MB = 1024 * 1024;
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b])]);

/*
 * Issue 18, outbound: a file is uploaded, then named by a send; the channel's rules (SPEC §14)
 * and its window (§3) decide before anything is written, and the message carries its files.
 */
describe.each(testDatabaseKinds)('sending attachments (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, `att-a-${kind}`);
    b = await createTestWorkspace(database.db, `att-b-${kind}`);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  async function conversationOn(ws: TestWorkspace, channelId: string, lastInbound = new Date()) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Lucía', consent: 'granted', identity: { channelId, externalId: `ext-${Math.random()}` } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: lastInbound });
    return c;
  }

  async function upload(token: string, bytes: Buffer, fileName: string, caption?: string) {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), fileName);
    if (caption !== undefined) form.set('caption', caption);
    return postFile(new Request('http://test/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }), { params: Promise.resolve({}) });
  }
  async function uploaded(ws: TestWorkspace, bytes: Buffer, fileName: string, caption?: string): Promise<{ id: string; kind: string; mimeType: string; size: number }> {
    const response = await upload(ws.tokens.agent, bytes, fileName, caption);
    expect(response.status).toBe(201);
    return response.json();
  }

  const send = (token: string, conversationId: string, body: unknown, key?: string) =>
    postMessage(
      new Request(`http://test/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: conversationId }) },
    );

  const rowsOf = (messageId: string) => database.db.select().from(attachments).where(eq(attachments.messageId, messageId)).orderBy(attachments.position);

  it('uploads a file, sniffed from its bytes, and sends it without text; the message carries it and serves it', async () => {
    const png = pngImage({ seed: 181 });
    const response = await upload(a.tokens.agent, png, 'receta.pdf', '  La receta  ');
    expect(response.status).toBe(201);
    const file = await response.json();
    expect(file).toMatchObject({ kind: 'image', mimeType: 'image/png', size: png.length, fileName: 'receta.pdf', caption: 'La receta' });
    expect(new Date(file.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * HOUR);

    const c = await conversationOn(a, a.sandbox.id);
    const sent = await send(a.tokens.agent, c.id, { kind: 'free_form', body: '', attachments: [file.id] });
    expect(sent.status).toBe(201);
    const message = await sent.json();
    expect(message).toMatchObject({ body: '', status: 'queued' });
    expect(message.attachments).toEqual([
      expect.objectContaining({ kind: 'image', mimeType: 'image/png', size: png.length, fileName: 'receta.pdf', caption: 'La receta', status: 'ready', url: `/api/v1/files/${message.attachments[0].id}` }),
    ]);
    const [row] = await rowsOf(message.id);
    expect(row).toMatchObject({ status: 'ready', kind: 'image', mimeType: 'image/png', size: png.length, position: 0 });
    expect(row!.fileId).toBeTruthy();
    expect(await deliveriesOf(database.db, c.id)).toBe(1);
    // The inbox row says what went, in no language.
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(conversation!.lastMessagePreview).toBe('📷 receta.pdf');

    const served = await getFile(new Request(`http://test${message.attachments[0].url}`, { headers: { authorization: `Bearer ${a.tokens.agent}` } }), { params: Promise.resolve({ id: message.attachments[0].id }) });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('sends text with several files in their order, through tRPC too', async () => {
    const voice = await uploaded(a, oggOpusVoiceNote(1), 'nota.ogg');
    const photo = await uploaded(a, pngImage({ seed: 182 }), 'foto.png');
    const c = await conversationOn(a, a.whatsapp.id);
    const caller = createCaller({ db: database.db, clock: { now: () => new Date() }, user: a.agent });
    const message = await caller.messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Te mando la nota', attachments: [voice.id, photo.id] }, quietHours: 'send_anyway' });
    expect(message.attachments.map((x) => [x.kind, x.mimeType, x.fileName])).toEqual([
      ['audio', 'audio/ogg; codecs=opus', 'nota.ogg'],
      ['image', 'image/png', 'foto.png'],
    ]);
    expect(message.attachments[0]!.url).toBe(`/api/files/${message.attachments[0]!.id}`);
    expect((await rowsOf(message.id)).map((r) => r.position)).toEqual([0, 1]);
  });

  it('refuses an empty message, and more than 10 files, naming the field', async () => {
    const c = await conversationOn(a, a.sandbox.id);
    const empty = await send(a.tokens.agent, c.id, { kind: 'free_form', body: '  ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/^body: write a message or attach a file before sending/);
    const many = await send(a.tokens.agent, c.id, { kind: 'free_form', body: '', attachments: Array.from({ length: 11 }, () => crypto.randomUUID()) });
    expect(many.status).toBe(400);
    expect((await many.json()).error.message).toMatch(/^attachments: at most 10 files in one message/);
    expect(await outboundOf(database.db, c.id)).toHaveLength(0);
  });

  it("refuses another workspace's upload, and an expired one, writing nothing", async () => {
    const theirs = await uploaded(b, pngImage({ seed: 183 }), 'ajena.png');
    const c = await conversationOn(a, a.sandbox.id);
    const response = await send(a.tokens.agent, c.id, { kind: 'free_form', body: 'mira', attachments: [theirs.id] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: 'attachments[0]: no such upload in this workspace, or it expired (an upload may be sent for 24 hours)' },
    });
    const ours = await uploaded(a, pngImage({ seed: 184 }), 'vieja.png');
    const later: Clock = { now: () => new Date(Date.now() + 25 * HOUR) };
    const caller = createCaller({ db: database.db, clock: later, user: a.agent });
    await expect(caller.messages.send({ conversationId: c.id, message: { kind: 'free_form', body: '', attachments: [ours.id] }, quietHours: 'send_anyway' })).rejects.toThrow(/attachments\[0\]: no such upload/);
    expect(await outboundOf(database.db, c.id)).toHaveLength(0);
    expect(await deliveriesOf(database.db, c.id)).toBe(0);
    // The next upload of the workspace sweeps the expired ones.
    await database.db.update(uploads).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(uploads.id, ours.id));
    await uploaded(a, pngImage({ seed: 191 }), 'nueva.png');
    expect(await database.db.select().from(uploads).where(eq(uploads.id, ours.id))).toEqual([]);
  });

  it("answers 413 past the workspace's cap, naming it, and keeps nothing", async () => {
    await database.db.update(workspaces).set({ settings: { fileSizeCapMb: 1 } }).where(eq(workspaces.id, b.workspace.id));
    const before = await database.db.select().from(uploads).where(eq(uploads.workspaceId, b.workspace.id));
    const response = await upload(b.tokens.agent, pngImage({ seed: 185, padTo: MB + 1000 }), 'grande.png');
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: "file: larger than this workspace's limit of 1 MB", limit: MB } });
    expect(await database.db.select().from(uploads).where(eq(uploads.workspaceId, b.workspace.id))).toHaveLength(before.length);
    await database.db.update(workspaces).set({ settings: {} }).where(eq(workspaces.id, b.workspace.id));
  });

  it('refuses a body that is not a multipart upload with a file', async () => {
    const json = await postFile(new Request('http://test/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${a.tokens.agent}`, 'content-type': 'application/json' }, body: '{}' }), { params: Promise.resolve({}) });
    expect(json.status).toBe(400);
    expect((await json.json()).error.message).toBe('body: send multipart/form-data with the file in a field named "file"');
    const form = new FormData();
    form.set('caption', 'sin archivo');
    const noFile = await postFile(new Request('http://test/api/v1/files', { method: 'POST', headers: { authorization: `Bearer ${a.tokens.agent}` }, body: form }), { params: Promise.resolve({}) });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.message).toBe('file: missing; send the file in a multipart field named "file"');
    expect((await upload(a.tokens.agent, Buffer.alloc(0), 'vacío.txt')).status).toBe(400);
  });

  it("refuses what the channel cannot take, by kind, type and size, naming the file and the limit", async () => {
    const sms = await createChannel(database.db, { workspaceId: a.workspace.id, kind: 'sms', publicId: `att-sms-${kind}`, name: 'SMS', settings: { delivery: 'record' } });
    const instagram = await createChannel(database.db, { workspaceId: a.workspace.id, kind: 'instagram', publicId: `att-ig-${kind}`, name: 'IG', settings: { delivery: 'record' } });
    const voice = await uploaded(a, oggOpusVoiceNote(1.2), 'nota.ogg');
    const text = await uploaded(a, Buffer.from('Indicaciones: dos veces al día.\n'), 'indicaciones.txt');
    const gif = await uploaded(a, GIF, 'risa.gif');
    const big = await uploaded(a, pngImage({ seed: 186, padTo: 5 * MB + 10 }), 'grande.png');
    const cases = [
      { channelId: sms.id, file: voice, code: 'KIND_NOT_ACCEPTED', message: 'attachments[0] (nota.ogg): SMS/MMS does not take audio files (only image)' },
      { channelId: instagram.id, file: text, code: 'KIND_NOT_ACCEPTED', message: 'attachments[0] (indicaciones.txt): Instagram does not take document files (only image, audio, video)' },
      { channelId: a.whatsapp.id, file: gif, code: 'TYPE_NOT_ACCEPTED', message: 'attachments[0] (risa.gif): WhatsApp takes image files as image/jpeg, image/png only, not image/gif' },
      { channelId: a.whatsapp.id, file: big, code: 'TOO_LARGE', message: `attachments[0] (grande.png): WhatsApp takes image files up to 5 MB; this one is ${(Math.round(((5 * MB + 10) / MB) * 10) / 10)} MB` },
    ];
    for (const x of cases) {
      const c = await conversationOn(a, x.channelId);
      const response = await send(a.tokens.agent, c.id, { kind: 'free_form', body: 'va', attachments: [x.file.id] });
      expect(response.status, x.code).toBe(400);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: 'ATTACHMENT_NOT_ACCEPTED', message: x.message, attachment: 0, refusal: x.code });
      expect(await outboundOf(database.db, c.id)).toHaveLength(0);
    }
    const c = await conversationOn(a, a.whatsapp.id);
    const tooBig = await (await send(a.tokens.agent, c.id, { kind: 'free_form', body: '', attachments: [big.id] })).json();
    expect(tooBig.error.limit).toBe(5 * MB);
  });

  it('refuses a WhatsApp file outside the 24 h window: only a template may go, and says so', async () => {
    const photo = await uploaded(a, pngImage({ seed: 187 }), 'foto.png');
    const c = await conversationOn(a, a.whatsapp.id, new Date(Date.now() - 25 * HOUR));
    const response = await send(a.tokens.agent, c.id, { kind: 'free_form', body: '', attachments: [photo.id] });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('TEMPLATE_REQUIRED');
    expect(error.message).toMatch(/only an approved template with a media header may carry it/);
    expect(await outboundOf(database.db, c.id)).toHaveLength(0);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(1);
  });

  it('a retry with the same Idempotency-Key sends the file once and answers the same', async () => {
    const photo = await uploaded(a, pngImage({ seed: 188 }), 'foto.png');
    const c = await conversationOn(a, a.sandbox.id);
    const body = { kind: 'free_form', body: 'Aquí va', attachments: [photo.id] };
    const first = await send(a.tokens.agent, c.id, body, 'photo-once');
    const again = await send(a.tokens.agent, c.id, body, 'photo-once');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [x, y] = [await first.json(), await again.json()];
    expect(y).toEqual(x);
    expect(x.attachments).toHaveLength(1);
    expect(await outboundOf(database.db, c.id)).toHaveLength(1);
    expect(await database.db.select().from(attachments).where(eq(attachments.messageId, x.id))).toHaveLength(1);
    expect(await deliveriesOf(database.db, c.id)).toBe(1);
    // The same key with other files is another send: refused.
    const other = await uploaded(a, pngImage({ seed: 189 }), 'otra.png');
    const reused = await send(a.tokens.agent, c.id, { ...body, attachments: [other.id] }, 'photo-once');
    expect(reused.status).toBe(422);
  });

  it('does not let an agent read an upload by its id: files are served by attachment', async () => {
    const photo = await uploaded(a, pngImage({ seed: 190 }), 'foto.png');
    const response = await getFile(new Request(`http://test/api/v1/files/${photo.id}`, { headers: { authorization: `Bearer ${a.tokens.agent}` } }), { params: Promise.resolve({ id: photo.id }) });
    expect(response.status).toBe(404);
  });

  it('the OpenAPI document shows the upload and the attachments of a send', async () => {
    const doc = (await (await getOpenApi()).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/api/v1/files']!.post!.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(doc.paths['/api/v1/files']!.post!.requestBody!.content['multipart/form-data']!.schema.properties).toHaveProperty('file');
    expect(JSON.stringify(doc.components.schemas.SendMessage)).toContain('"attachments"');
    expect(doc.components.schemas.Upload).toBeTruthy();
  });

  it('tells the composer the workspace cap', async () => {
    const caller = createCaller({ db: database.db, clock: { now: () => new Date() }, user: a.agent as SessionUser });
    expect(await caller.files.limits()).toEqual({ fileSizeCap: 25 * MB });
  });
});
