import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Db } from '@/db/client';
import type { TestWorkspace } from '@/db/seed/test-workspace';
import { GET as signedFile } from '@/app/api/files/[id]/signed/route';
import type { Clock } from '@/server/clock';
import { localStorage } from '@/server/files/storage/local';
import type { FileStorage } from '@/server/files/storage/storage';
import { attachBytes } from '@/server/files/store';
import { replyTo } from './delivery-testing';

/*
 * What the tests of sending files share: this process's file storage in a folder of its own,
 * and Cadence's signed file route served on a real local port that PUBLIC_URL names, so a
 * provider's fake can fetch back, with no session, the URL it was given. Call `startFileHost`
 * before anything reads the configuration (it is read once per process).
 */

/** `filesRoot`: the storage's folder, DATA_DIR/files. */
export type FileHost = { url: string; storage: FileStorage; filesRoot: string; close(): Promise<void> };

export async function startFileHost(): Promise<FileHost> {
  const root = mkdtempSync(path.join(tmpdir(), 'cadence-outbound-media-'));
  process.env.DATA_DIR = root;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const match = /^\/api\/files\/([^/]+)\/signed$/.exec(url.pathname);
    if (!match || req.method !== 'GET') return void res.writeHead(404).end();
    const request = new Request(`${process.env.PUBLIC_URL}${req.url}`, { headers: new Headers(req.headers as Record<string, string>) });
    void signedFile(request, { params: Promise.resolve({ id: decodeURIComponent(match[1]!) }) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.PUBLIC_URL = url;
  return {
    url,
    storage: localStorage(path.join(root, 'files')),
    filesRoot: path.join(root, 'files'),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export type FileToSend = { kind: 'image' | 'audio' | 'video' | 'document' | 'sticker'; bytes: Buffer; fileName?: string; caption?: string };

/** The agent's reply with files, queued as the send pipeline queues one: the message, then its ready attachments. */
export async function replyWithFiles(db: Db, ws: TestWorkspace, conversationId: string, body: string, files: FileToSend[], clock: Clock, storage: FileStorage) {
  const message = await replyTo(db, ws, conversationId, body, clock);
  const attachments = [];
  for (const [position, file] of files.entries()) attachments.push(await attachBytes(db, storage, { id: message.id, workspaceId: ws.workspace.id }, { ...file, position }));
  return { message, attachments };
}
