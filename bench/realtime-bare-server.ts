import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/*
 * The baseline of `npm run bench:realtime`: a bare socket.io server (defaults, no auth, no
 * rooms, no database) in its own process. `POST /broadcast` emits the posted JSON as
 * `message.created` to every connected socket, so the only work is HTTP + JSON + fan-out.
 */
export type BareReady = { port: number };

const httpServer = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    io.emit('message.created', JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"sent":1}');
  });
});
const io = new Server(httpServer, { serveClient: false });
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));

const ready: BareReady = { port: (httpServer.address() as AddressInfo).port };
process.send!(ready);

function stop(): void {
  httpServer.closeAllConnections();
  void io.close().then(() => process.exit(0));
}
// 'stop' from the parent, or the IPC channel closing because the parent died.
process.on('message', (m) => m === 'stop' && stop());
process.on('disconnect', stop);
