import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { attachments, conversations } from '@/db/schema';
import { addMessage, createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { GET as apiFile } from '@/app/api/v1/files/[id]/route';
import { errorResponse } from '@/server/http';
import { fileResponse } from './serve';
import { deleteStoredBytes } from './storage/local-testing';
import { localStorage } from './storage/local';
import type { FileStorage } from './storage/storage';
import { attachBytes } from './store';
import { oggOpusVoiceNote, pngImage } from './testing';

// The REST route's storage is this process's, DATA_DIR/files, chosen once: one folder for every database's run.
const root = mkdtempSync(path.join(tmpdir(), 'cadence-serve-'));
process.env.DATA_DIR = root;
const storage: FileStorage = localStorage(path.join(root, 'files'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe.each(testDatabaseKinds)('serving files behind the conversation’s access check (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let conversationId: string;
  const ids: Record<'photo' | 'fakePdf' | 'html' | 'voice' | 'pending' | 'lost', string> = { photo: '', fakePdf: '', html: '', voice: '', pending: '', lost: '' };
  const png = pngImage({ seed: 11 });
  const voice = oggOpusVoiceNote(2);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, `serve-a-${kind}`);
    b = await createTestWorkspace(database.db, `serve-b-${kind}`);
    const contact = await createContact(database.db, { workspaceId: a.workspace.id, name: 'Lucía', phone: '+34600123123' });
    const conversation = await createConversation(database.db, { workspaceId: a.workspace.id, channelId: a.whatsapp.id, contactId: contact.id });
    conversationId = conversation.id;
    const message = await addMessage(database.db, conversation, { direction: 'inbound', authorKind: 'contact', body: '', sentAt: new Date('2026-11-20T10:00:00Z') });
    ids.photo = (await attachBytes(database.db, storage, message, { kind: 'image', bytes: png, fileName: 'foto.jpg', position: 0 })).id;
    ids.fakePdf = (await attachBytes(database.db, storage, message, { kind: 'document', bytes: pngImage({ seed: 12 }), fileName: 'factura.pdf', position: 1 })).id;
    ids.html = (await attachBytes(database.db, storage, message, { kind: 'image', bytes: Buffer.from('<html><body><script>steal()</script></body></html>'), fileName: 'cute.jpg', position: 2 })).id;
    ids.voice = (await attachBytes(database.db, storage, message, { kind: 'audio', bytes: voice, position: 3 })).id;
    const [pending] = await database.db
      .insert(attachments)
      .values({ messageId: message.id, workspaceId: a.workspace.id, kind: 'image', status: 'pending', providerRef: 'not-yet', position: 4 })
      .returning();
    ids.pending = pending!.id;
    ids.lost = (await attachBytes(database.db, storage, message, { kind: 'image', bytes: pngImage({ seed: 13 }), fileName: 'perdida.png', position: 5 })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const get = (id: string, token: string, headers: Record<string, string> = {}) =>
    apiFile(new Request(`http://test/api/v1/files/${id}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), { params: Promise.resolve({ id }) });

  it('GET /api/v1/files/{id} serves the bytes with the sniffed type, nosniff, inline for an image', async () => {
    const response = await get(ids.photo, a.tokens.agent);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="foto.jpg"; filename*=UTF-8\'\'foto.jpg');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('a PNG named .pdf is served as image/png; an HTML file named .jpg only as a download', async () => {
    expect((await get(ids.fakePdf, a.tokens.agent)).headers.get('content-type')).toBe('image/png');
    const html = await get(ids.html, a.tokens.agent);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="cute.jpg"/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a voice note answers a Range with just those bytes (206), a range past its end with 416', async () => {
    const partial = await get(ids.voice, a.tokens.agent, { range: 'bytes=4-15' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    expect(partial.headers.get('content-range')).toBe(`bytes 4-15/${voice.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(voice.subarray(4, 16))).toBe(true);
    expect((await get(ids.voice, a.tokens.agent, { range: `bytes=${voice.length}-` })).status).toBe(416);
  });

  it('another workspace’s token gets 404, as for a file that does not exist; so does one still downloading', async () => {
    const other = await get(ids.photo, b.tokens.admin);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'file: no such file in this workspace' } });
    expect((await get('00000000-0000-4000-8000-000000000000', a.tokens.agent)).status).toBe(404);
    expect((await get(ids.pending, a.tokens.agent)).status).toBe(404);
    expect((await get('not-an-id', a.tokens.agent)).status).toBe(400);
    expect((await get(ids.photo, 'no-such-token')).status).toBe(401);
  });

  it('in an `assigned` team, an agent who may not read the conversation gets 404; its assignee gets the file', async () => {
    const therapy = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Terapia', visibility: 'assigned' }, [a.agent.id, a.otherAgent.id]);
    await database.db.update(conversations).set({ teamId: therapy.id, assigneeId: a.otherAgent.id }).where(eq(conversations.id, conversationId));
    const request = () => new Request('http://test/', {});
    await expect(fileResponse(database.db, a.agent, ids.photo, request(), storage)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'file: no such file in this workspace' });
    expect((await get(ids.photo, a.tokens.agent)).status).toBe(404);
    expect((await fileResponse(database.db, a.otherAgent, ids.photo, request(), storage)).status).toBe(200);
    expect((await get(ids.photo, a.tokens.admin)).status).toBe(200);
  });

  it('a file whose bytes left storage while its row says ready is 410 GONE, on the token’s route and the session’s', async () => {
    await deleteStoredBytes(database.db, path.join(root, 'files'), ids.lost);
    const gone = { error: { code: 'GONE', message: 'file: its bytes are no longer stored; attach the file again to send it' } };
    // The conversation is now the other agent's, in an `assigned` team (the test before): the admin and its assignee read it.
    const api = await get(ids.lost, a.tokens.admin);
    expect(api.status).toBe(410);
    expect(await api.json()).toEqual(gone);
    // The session route (GET /api/files/{id}) answers errorResponse of what fileResponse throws; the session itself needs Next's request scope.
    const session = errorResponse(await fileResponse(database.db, a.otherAgent, ids.lost, new Request('http://test/'), storage).catch((error: unknown) => error));
    expect(session.status).toBe(410);
    expect(await session.json()).toEqual(gone);
    // Who may not read it still learns nothing: 404, not 410.
    expect((await get(ids.lost, b.tokens.admin)).status).toBe(404);
    expect((await get(ids.lost, a.tokens.agent)).status).toBe(404);
    expect((await get(ids.photo, a.tokens.admin)).status).toBe(200);
  });
});
