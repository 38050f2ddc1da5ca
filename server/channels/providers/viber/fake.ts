import { randomBytes } from 'node:crypto';
import { fetchAsProvider, fileAnswer, jsonBody, startFakeProvider, type FakeAnswer, type FakeFetched, type FakeFile, type FakeProvider, type FakeRequest } from '../fake-server';

/*
 * Viber's REST bot API as a local server: `X-Viber-Auth-Token`, JSON bodies, and HTTP 200 for
 * every answer, the outcome in `status` (0 ok) and `status_message`. A sent message's
 * `message_token` is a 64-bit integer written as a bare number, as Viber writes it (beyond
 * what a JavaScript number holds). One deliberate difference: set_webhook takes an http://
 * URL unless told `requireHttps`, so a local server can connect. A user's files are served, with
 * no token, from signed media URLs (`/media/{id}?Signature=` here, as on dl-media.viber.com).
 * A `picture` or `file` we send names its file by `media` URL: the fake fetches it (before
 * answering) as Viber's servers do, with no credentials, and keeps what it got.
 */

/** A sent message; a picture or file also has the `media` URL's fetch, and a file its name and declared size. */
export type ViberFakeMessage = {
  receiver: string;
  text: string;
  senderName: string;
  token: string;
  type?: 'picture' | 'file';
  media?: FakeFetched;
  fileName?: string;
  size?: number;
};

export type ViberFake = FakeProvider & {
  authToken: string;
  sent: ViberFakeMessage[];
  webhook: { url: string; eventTypes: string[]; sendName: boolean; sendPhoto: boolean } | null;
  /** Users who are not subscribed to the bot (status 6). */
  notSubscribed: Set<string>;
  /** Holds a file a user sent: the `media` URL its message names. */
  addMedia(file: FakeFile): string;
};

const names: Record<number, string> = {
  0: 'ok',
  1: 'invalidUrl',
  2: 'invalidAuthToken',
  3: 'badData',
  4: 'missingData',
  5: 'receiverNotRegistered',
  6: 'receiverNotSubscribed',
  7: 'publicAccountBlocked',
  11: 'receiverNoSuitableDevice',
  12: 'tooManyRequests',
  23: 'freeMessagesExceeded',
  24: 'noBalance',
};

/** One of Viber's refusals: HTTP 200 with its status. */
export function viberError(status: number, message = names[status] ?? 'General error'): FakeAnswer {
  return { status: 200, json: { status, status_message: message } };
}

/** A token above 2^53, so a client that reads it as a number gets it wrong. */
const newToken = () => (2n ** 62n + (BigInt(`0x${randomBytes(7).toString('hex')}`) << 4n)).toString();

export async function startViberFake(options: { authToken: string; accountName?: string; requireHttps?: boolean }): Promise<ViberFake> {
  const sent: ViberFakeMessage[] = [];
  const notSubscribed = new Set<string>();
  const state: { webhook: ViberFake['webhook'] } = { webhook: null };
  const media = new Map<string, FakeFile & { signature: string }>();

  const handle = async (request: FakeRequest): Promise<FakeAnswer> => {
    const file = /^\/media\/([0-9a-f]+)$/.exec(request.path);
    if (request.method === 'GET' && file) {
      const held = media.get(file[1]!);
      // A media URL without its signature is refused, like the CDN's.
      if (!held || request.query.get('Signature') !== held.signature) return { status: 403, text: 'Forbidden' };
      return fileAnswer(held);
    }
    if (request.method !== 'POST') return { status: 405, text: 'Method Not Allowed' };
    if (request.headers['x-viber-auth-token'] !== options.authToken) return viberError(2);
    const body = jsonBody(request);
    if (!body || typeof body !== 'object') return viberError(3);
    const fields = body as Record<string, unknown>;
    switch (request.path) {
      case '/pa/get_account_info':
        return {
          status: 200,
          json: {
            status: 0,
            status_message: 'ok',
            id: 'pa:5734212458790000000',
            name: options.accountName ?? 'Cadence',
            uri: 'cadence',
            category: 'Companies',
            webhook: state.webhook?.url ?? '',
            event_types: state.webhook?.eventTypes ?? [],
            subscribers_count: 0,
          },
        };
      case '/pa/set_webhook': {
        const url = typeof fields.url === 'string' ? fields.url : '';
        if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol) || (options.requireHttps && !url.startsWith('https://'))) return viberError(1);
        const eventTypes = Array.isArray(fields.event_types) ? fields.event_types.filter((e): e is string => typeof e === 'string') : ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];
        state.webhook = { url, eventTypes, sendName: fields.send_name === true, sendPhoto: fields.send_photo === true };
        return { status: 200, json: { status: 0, status_message: 'ok', event_types: eventTypes } };
      }
      case '/pa/send_message': {
        const receiver = fields.receiver;
        const sender = fields.sender as { name?: unknown } | undefined;
        if (typeof receiver !== 'string' || !receiver || !sender || typeof sender.name !== 'string') return viberError(4);
        if (sender.name.length > 28) return viberError(3);
        let media: Pick<ViberFakeMessage, 'type' | 'media' | 'fileName' | 'size'> = {};
        if (fields.type === 'picture' || fields.type === 'file') {
          if (typeof fields.media !== 'string' || !URL.canParse(fields.media)) return viberError(4);
          if (fields.type === 'picture' && fields.text !== undefined && (typeof fields.text !== 'string' || fields.text.length > 768)) return viberError(3);
          if (fields.type === 'file' && (typeof fields.size !== 'number' || typeof fields.file_name !== 'string' || !fields.file_name || fields.file_name.length > 256)) return viberError(4);
          const fetched = await fetchAsProvider(fields.media);
          // A media URL Viber cannot download is bad data.
          if (fetched.status !== 200) return viberError(3, 'badData: failed to download media');
          media = { type: fields.type, media: fetched, ...(fields.type === 'file' ? { fileName: fields.file_name as string, size: fields.size as number } : {}) };
        } else if (typeof fields.text !== 'string') {
          return viberError(4);
        } else if (fields.type !== 'text' || !fields.text || fields.text.length > 7000) {
          return viberError(3);
        }
        if (notSubscribed.has(receiver)) return viberError(6);
        const token = newToken();
        sent.push({ receiver, text: typeof fields.text === 'string' ? fields.text : '', senderName: sender.name, token, ...media });
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          text: `{"status":0,"status_message":"ok","message_token":${token},"chat_hostname":"SN-CHAT-05_","billing_status":1}`,
        };
      }
      default:
        return { status: 404, text: 'Not Found' };
    }
  };

  const fake = await startFakeProvider(handle);
  return {
    ...fake,
    authToken: options.authToken,
    sent,
    notSubscribed,
    addMedia(file) {
      const id = randomBytes(16).toString('hex');
      const signature = randomBytes(12).toString('base64url');
      media.set(id, { ...file, signature });
      return `${fake.url}/media/${id}?Expires=1670587915&Signature=${signature}`;
    },
    get webhook() {
      return state.webhook;
    },
  };
}
