import { randomBytes, randomUUID } from 'node:crypto';
import { fetchAsProvider, fileAnswer, jsonBody, startFakeProvider, type FakeAnswer, type FakeFetched, type FakeFile, type FakeProvider, type FakeRequest } from '../fake-server';

/*
 * LINE's Messaging API as a local server: Bearer channel access token, JSON bodies, answers
 * `{"sentMessages":[{"id","quoteToken"}]}` or `{"message","details"?}`, an `x-line-request-id`
 * on every answer. Push honours `X-Line-Retry-Key` as LINE does: a key it already accepted
 * answers 409 with `x-line-accepted-request-id` and sends nothing; reply refuses the key, and
 * takes each reply token once. It also plays LINE's content API (`/v2/bot/message/{id}/content`,
 * behind the token; 202 while a video is being prepared) and its sticker CDN (no token). An
 * image message names its file by URL: the fake fetches `originalContentUrl` as LINE's servers
 * do, with no credentials, and keeps what it got. Deliberate differences: it fetches before
 * answering (LINE fetches when the user opens it), and takes http:// URLs unless told
 * `requireHttps`, so a local server can be fetched. Audio and video messages are checked the same
 * way (audio must state its duration in ms, video its preview image) and their files fetched.
 */

type SentMessage = { id: string; quoteToken: string };
export type LineFakeImage = { originalContentUrl: string; previewImageUrl: string; fetched: FakeFetched };
/** An audio or video message: its file fetched, and what LINE requires beside it. */
export type LineFakeMedia = { type: 'audio' | 'video'; originalContentUrl: string; previewImageUrl?: string; duration?: number; fetched: FakeFetched };
export type LineFakeSend = { kind: 'push' | 'reply'; to: string; texts: string[]; images: LineFakeImage[]; media: LineFakeMedia[]; retryKey: string | null; sentMessages: SentMessage[] };

export type LineFake = FakeProvider & {
  accessToken: string;
  /** Sends LINE took (pushed or replied), in order. */
  sent: LineFakeSend[];
  /** A reply token for a message of `userId`, as its webhook event would carry it. */
  issueReplyToken(userId: string): string;
  /** Profiles the profile API answers with, by user id (others: 404). */
  profiles: Map<string, { displayName: string; pictureUrl?: string; statusMessage?: string; language?: string }>;
  /** Holds a file a user sent, by its message id; `preparing`: answered 202 that many times first. */
  addContent(file: FakeFile, options?: { preparing?: number }): string;
  /** Sticker images of the sticker CDN, by sticker id. */
  stickers: Map<string, FakeFile>;
};

/** One of LINE's error answers. */
export function lineError(status: number, message: string, details?: { message: string; property: string }[]): FakeAnswer {
  return { status, json: { message, ...(details ? { details } : {}) } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ID = /^U[0-9a-f]{32}$/;

const invalidProperty = (message: string, property: string) => lineError(400, 'The request body has 1 error(s)', [{ message, property }]);

const badUrl = (url: unknown, requireHttps: boolean) => typeof url !== 'string' || !URL.canParse(url) || url.length > 2000 || !(requireHttps ? /^https:/ : /^https?:/).test(url);

type Read = { texts: string[]; images: LineFakeImage[]; media: LineFakeMedia[] };

/** The messages of a send (files fetched as LINE fetches them), or LINE's 400 naming the first bad property. */
async function messagesOf(body: Record<string, unknown>, requireHttps: boolean): Promise<Read | FakeAnswer> {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > 5) return invalidProperty('Size must be between 1 and 5', 'messages');
  const texts: string[] = [];
  const images: Omit<LineFakeImage, 'fetched'>[] = [];
  const media: Omit<LineFakeMedia, 'fetched'>[] = [];
  for (const [i, m] of messages.entries()) {
    const message = m as { type?: unknown; text?: unknown; originalContentUrl?: unknown; previewImageUrl?: unknown; duration?: unknown };
    const urls = message.type === 'image' || message.type === 'video' ? (['originalContentUrl', 'previewImageUrl'] as const) : message.type === 'audio' ? (['originalContentUrl'] as const) : [];
    for (const property of urls) if (badUrl(message[property], requireHttps)) return invalidProperty('Must be a valid HTTPS URL', `messages[${i}].${property}`);
    if (message.type === 'image') {
      images.push({ originalContentUrl: message.originalContentUrl as string, previewImageUrl: message.previewImageUrl as string });
      continue;
    }
    if (message.type === 'audio') {
      if (typeof message.duration !== 'number' || !Number.isInteger(message.duration) || message.duration < 1) return invalidProperty('Must be a positive integer', `messages[${i}].duration`);
      media.push({ type: 'audio', originalContentUrl: message.originalContentUrl as string, duration: message.duration });
      continue;
    }
    if (message.type === 'video') {
      media.push({ type: 'video', originalContentUrl: message.originalContentUrl as string, previewImageUrl: message.previewImageUrl as string });
      continue;
    }
    if (message.type !== 'text') return invalidProperty('Must be one of the following values: [text, image, video, audio, location, sticker, imagemap, template, flex]', `messages[${i}].type`);
    if (typeof message.text !== 'string' || message.text.length === 0) return invalidProperty('May not be empty', `messages[${i}].text`);
    if (message.text.length > 5000) return invalidProperty('Length must be between 0 and 5000', `messages[${i}].text`);
    texts.push(message.text);
  }
  return {
    texts,
    images: await Promise.all(images.map(async (image) => ({ ...image, fetched: await fetchAsProvider(image.originalContentUrl) }))),
    media: await Promise.all(media.map(async (file) => ({ ...file, fetched: await fetchAsProvider(file.originalContentUrl) }))),
  };
}

/** LINE's message ids are 18 decimal digits. */
const newSentMessage = (): SentMessage => ({
  id: (10n ** 17n + (BigInt(`0x${randomBytes(8).toString('hex')}`) % (9n * 10n ** 17n))).toString(),
  quoteToken: randomBytes(24).toString('base64url'),
});

export async function startLineFake(options: { accessToken: string; requireHttps?: boolean }): Promise<LineFake> {
  const sent: LineFakeSend[] = [];
  const replyTokens = new Map<string, string>();
  const accepted = new Map<string, { requestId: string; sentMessages: SentMessage[] }>();
  const profiles: LineFake['profiles'] = new Map();
  const contents = new Map<string, FakeFile & { preparing: number }>();
  const stickers = new Map<string, FakeFile>();

  const handle = async (request: FakeRequest): Promise<FakeAnswer> => {
    const requestId = randomUUID();
    const answer = await route(request, requestId);
    return { ...answer, headers: { 'x-line-request-id': requestId, ...answer.headers } };
  };

  const route = async (request: FakeRequest, requestId: string): Promise<FakeAnswer> => {
    const sticker = /^\/stickershop\/v1\/sticker\/(\d+)\/android\/sticker\.png$/.exec(request.path);
    if (request.method === 'GET' && sticker) {
      const file = stickers.get(sticker[1]!);
      return file ? fileAnswer(file) : { status: 404, text: 'Not Found' };
    }
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return lineError(401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
    }
    if (request.method === 'GET' && request.path === '/v2/bot/info') {
      return { status: 200, json: { userId: `U${'0'.repeat(31)}1`, basicId: '@cadence', displayName: 'Cadence', chatMode: 'bot', markAsReadMode: 'manual' } };
    }
    const content = /^\/v2\/bot\/message\/(\d+)\/content$/.exec(request.path);
    if (request.method === 'GET' && content) {
      const file = contents.get(content[1]!);
      if (!file) return lineError(404, 'Not found');
      if (file.preparing > 0) {
        file.preparing--;
        return { status: 202, json: {} };
      }
      return fileAnswer(file);
    }
    const profile = /^\/v2\/bot\/profile\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && profile) {
      const userId = decodeURIComponent(profile[1]!);
      const found = profiles.get(userId);
      return found ? { status: 200, json: { userId, ...found } } : lineError(404, 'Not found');
    }
    if (request.method !== 'POST' || (request.path !== '/v2/bot/message/push' && request.path !== '/v2/bot/message/reply')) return lineError(404, 'Not found');
    const body = jsonBody(request);
    if (!body || typeof body !== 'object') return lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid JSON', property: '(body)' }]);
    const fields = body as Record<string, unknown>;
    const retryKey = typeof request.headers['x-line-retry-key'] === 'string' ? request.headers['x-line-retry-key'] : null;
    const read = await messagesOf(fields, options.requireHttps ?? false);
    if ('status' in read) return read;
    const { texts, images, media } = read;
    const count = texts.length + images.length + media.length;

    if (request.path === '/v2/bot/message/reply') {
      if (retryKey !== null) return lineError(400, "The retry key can't be used with this API");
      const token = typeof fields.replyToken === 'string' ? fields.replyToken : '';
      const userId = replyTokens.get(token);
      if (!userId) return lineError(400, 'Invalid reply token');
      replyTokens.delete(token);
      const sentMessages = Array.from({ length: count }, newSentMessage);
      sent.push({ kind: 'reply', to: userId, texts, images, media, retryKey: null, sentMessages });
      return { status: 200, json: { sentMessages } };
    }

    if (retryKey !== null && !UUID.test(retryKey)) return lineError(400, "The value for the 'X-Line-Retry-Key' header is invalid");
    const earlier = retryKey ? accepted.get(retryKey) : undefined;
    if (earlier) {
      return { status: 409, headers: { 'x-line-accepted-request-id': earlier.requestId }, json: { message: 'The retry key is already accepted', sentMessages: earlier.sentMessages } };
    }
    const to = typeof fields.to === 'string' ? fields.to : '';
    if (!USER_ID.test(to)) return lineError(400, "The property, 'to', in the request body is invalid (line: -, column: -)");
    const sentMessages = Array.from({ length: count }, newSentMessage);
    if (retryKey) accepted.set(retryKey, { requestId, sentMessages });
    sent.push({ kind: 'push', to, texts, images, media, retryKey, sentMessages });
    return { status: 200, json: { sentMessages } };
  };

  const fake = await startFakeProvider(handle);
  return {
    ...fake,
    accessToken: options.accessToken,
    sent,
    profiles,
    stickers,
    addContent(file, options = {}) {
      const id = newSentMessage().id;
      contents.set(id, { ...file, preparing: options.preparing ?? 0 });
      return id;
    },
    issueReplyToken(userId) {
      const token = randomBytes(16).toString('hex');
      replyTokens.set(token, userId);
      return token;
    },
  };
}
