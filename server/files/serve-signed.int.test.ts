import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as signedFile } from '@/app/api/files/[id]/signed/route';
import { setDatabase, type Database } from '@/db/client';
import { attachments } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { derivedKey } from '@/db/secret-box';
import { FILE_URL_KEY } from './outbound-files';
import { FETCH_TTL_MS, signedFilePath, signFile } from './signed-url';
import { localStorage } from './storage/local';
import { deleteStoredBytes } from './storage/local-testing';
import { attachBytes } from './store';
import { pngImage } from './testing';

// The route's storage is this process's, DATA_DIR/files, chosen once: one folder for every database's run.
const root = mkdtempSync(path.join(tmpdir(), 'cadence-signed-'));
process.env.DATA_DIR = root;
const storage = localStorage(path.join(root, 'files'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe.each(testDatabaseKinds)('files by signed URL, with no session (%s)', (kind) => {
  let database: Database;
  const ids = { photo: '', html: '', lost: '' };
  const png = pngImage({ seed: 131 });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    const ws = await createTestWorkspace(database.db, `signed-${kind}`);
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Lucía', phone: '+34600123999' });
    const conversation = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.whatsapp.id, contactId: contact.id });
    const message = await addMessage(database.db, conversation, { direction: 'outbound', authorKind: 'agent', body: 'Adjuntos', sentAt: new Date() });
    ids.photo = (await attachBytes(database.db, storage, message, { kind: 'image', bytes: png, fileName: 'foto.png', position: 0 })).id;
    ids.html = (await attachBytes(database.db, storage, message, { kind: 'document', bytes: Buffer.from('<html><script>steal()</script></html>'), fileName: 'page.html', position: 1 })).id;
    ids.lost = (await attachBytes(database.db, storage, message, { kind: 'image', bytes: pngImage({ seed: 132 }), fileName: 'perdida.png', position: 2 })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const get = (id: string, signedAt = new Date(), ttl = FETCH_TTL_MS) =>
    signedFile(new Request(`http://test${signedFilePath(id, signFile(derivedKey(FILE_URL_KEY), id, signedAt, ttl))}`), { params: Promise.resolve({ id }) });

  it('serves the bytes with the session route’s headers: sniffed type, nosniff, inline for an image', async () => {
    const response = await get(ids.photo);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="foto.png"/);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('an HTML file is only ever a download', async () => {
    const response = await get(ids.html);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
  });

  it('an expired signature is 403, saying so', async () => {
    const response = await get(ids.photo, new Date(Date.now() - 2 * FETCH_TTL_MS));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'sig: this link has expired' } });
  });

  it('a signature for one file does not open another, and a forged one opens nothing', async () => {
    const signature = signFile(derivedKey(FILE_URL_KEY), ids.photo, new Date(), FETCH_TTL_MS);
    const response = await signedFile(new Request(`http://test${signedFilePath(ids.html, signature)}`), { params: Promise.resolve({ id: ids.html }) });
    expect(response.status).toBe(403);
    const forged = await signedFile(new Request(`http://test/api/files/${ids.photo}/signed?exp=9999999999&sig=${'A'.repeat(43)}`), { params: Promise.resolve({ id: ids.photo }) });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toBe('sig: not a valid signature for this file');
  });

  it('a good signature for a file that is no longer there is 404', async () => {
    await database.db.update(attachments).set({ status: 'failed', fileId: null }).where(eq(attachments.id, ids.html));
    expect((await get(ids.html)).status).toBe(404);
    expect((await get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('a good signature for a file whose bytes left storage is 410 GONE: a provider fetching it learns it will not come back', async () => {
    await deleteStoredBytes(database.db, path.join(root, 'files'), ids.lost);
    const response = await get(ids.lost);
    expect(response.status).toBe(410);
    expect(await response.json()).toEqual({ error: { code: 'GONE', message: 'file: its bytes are no longer stored; attach the file again to send it' } });
  });
});
