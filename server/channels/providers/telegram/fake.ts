import { randomBytes } from 'node:crypto';
import { fileAnswer, jsonBody, multipartParts, startFakeProvider, type FakeAnswer, type FakeFile, type FakeProvider, type FakeRequest } from '../fake-server';

/*
 * Telegram's Bot API as a local server: the bot token in the path (`/bot{token}/{method}`),
 * parameters as JSON, a form or the query string, and answers `{"ok":true,"result"}` or
 * `{"ok":false,"error_code","description","parameters"?}`. It knows getMe, setWebhook,
 * getWebhookInfo, sendMessage, and files: getFile, then `/file/bot{token}/{file_path}`; and
 * takes uploads (multipart) by sendPhoto (10 MB), sendVoice, sendAudio, sendVideo and sendDocument (50 MB). One deliberate difference: it takes an http:// webhook URL
 * unless told `requireHttps` (the real one takes https only), so a local server can connect.
 */

export type TelegramFakeMessage = { chatId: string; messageId: number; text: string };
export type TelegramFakeUpload = { chatId: string; messageId: number; method: string; fileName: string | null; contentType: string | null; bytes: Buffer; caption: string | null };

export type TelegramFake = FakeProvider & {
  token: string;
  /** Messages the bot sent, in order. */
  sent: TelegramFakeMessage[];
  /** Files the bot sent, in order. */
  uploads: TelegramFakeUpload[];
  /** What the last setWebhook registered. */
  webhook: { url: string; secretToken: string | null } | null;
  /** Chats whose person blocked the bot (403). */
  blocked: Set<string>;
  /** Chats the bot has never seen (400 chat not found). */
  unknownChats: Set<string>;
  /** Holds a file as if a contact had sent it: its `file_id`, for getFile. */
  addFile(file: FakeFile): string;
  /** Where getFile says a file is: the path of its download URL. */
  downloadPath(fileId: string): string;
};

/** The Bot API hands out files up to this size. */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** What each upload method takes: the file's field and Telegram's size limit. */
const uploadMethods: Record<string, { field: string; maxBytes: number }> = {
  sendPhoto: { field: 'photo', maxBytes: 10 * 1024 * 1024 },
  sendVoice: { field: 'voice', maxBytes: 50 * 1024 * 1024 },
  sendAudio: { field: 'audio', maxBytes: 50 * 1024 * 1024 },
  sendVideo: { field: 'video', maxBytes: 50 * 1024 * 1024 },
  sendDocument: { field: 'document', maxBytes: 50 * 1024 * 1024 },
};

const BOT = { id: 7000000001, is_bot: true, first_name: 'Cadence Bot', username: 'cadence_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

/** One of Telegram's error answers. */
export function telegramError(code: number, description: string, parameters?: { retry_after?: number; migrate_to_chat_id?: number }): FakeAnswer {
  return { status: code, json: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

const ok = (result: unknown): FakeAnswer => ({ status: 200, json: { ok: true, result } });

/** The method's parameters, wherever Telegram would read them from. */
function paramsOf(request: FakeRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    const body = jsonBody(request);
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.body));
  if (type.startsWith('multipart/form-data')) return Object.fromEntries((multipartParts(request) ?? []).filter((p) => p.fileName === undefined).map((p) => [p.name, p.data.toString('utf8')]));
  return Object.fromEntries(request.query);
}

export async function startTelegramFake(options: { token: string; requireHttps?: boolean; port?: number }): Promise<TelegramFake> {
  const sent: TelegramFakeMessage[] = [];
  const uploads: TelegramFakeUpload[] = [];
  const blocked = new Set<string>();
  const unknownChats = new Set<string>();
  const lastIdByChat = new Map<string, number>();
  const state: { webhook: TelegramFake['webhook'] } = { webhook: null };
  const files = new Map<string, FakeFile & { path: string }>();
  const filesByPath = new Map<string, FakeFile>();

  const handle = (request: FakeRequest): FakeAnswer => {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.path);
    if (download) {
      const file = download[1] === options.token ? filesByPath.get(download[2]!) : undefined;
      return file ? fileAnswer(file) : telegramError(404, 'Not Found');
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path);
    if (!match) return telegramError(404, 'Not Found');
    if (match[1] !== options.token) return telegramError(401, 'Unauthorized');
    const params = paramsOf(request);
    switch (match[2]) {
      case 'getMe':
        return ok(BOT);
      case 'getWebhookInfo':
        return ok({ url: state.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'setWebhook': {
        const url = typeof params.url === 'string' ? params.url : '';
        const secret = params.secret_token;
        if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
          return telegramError(400, 'Bad Request: secret token contains unallowed characters');
        }
        if (url === '') {
          state.webhook = null;
          return ok(true);
        }
        if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return telegramError(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known');
        if (options.requireHttps && !url.startsWith('https://')) return telegramError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        state.webhook = { url, secretToken: typeof secret === 'string' ? secret : null };
        return { status: 200, json: { ok: true, result: true, description: 'Webhook was set' } };
      }
      case 'sendMessage': {
        const chatId = typeof params.chat_id === 'number' || typeof params.chat_id === 'string' ? String(params.chat_id) : '';
        const text = typeof params.text === 'string' ? params.text : '';
        if (!chatId) return telegramError(400, 'Bad Request: chat_id is empty');
        if (!text.trim()) return telegramError(400, 'Bad Request: message text is empty');
        if (text.length > 4096) return telegramError(400, 'Bad Request: message is too long');
        if (unknownChats.has(chatId)) return telegramError(400, 'Bad Request: chat not found');
        if (blocked.has(chatId)) return telegramError(403, 'Forbidden: bot was blocked by the user');
        const messageId = (lastIdByChat.get(chatId) ?? 1000) + 1;
        lastIdByChat.set(chatId, messageId);
        sent.push({ chatId, messageId, text });
        return ok({ message_id: messageId, from: BOT, chat: { id: Number(chatId), type: 'private' }, date: Math.floor(Date.now() / 1000), text });
      }
      case 'getFile': {
        const file = typeof params.file_id === 'string' ? files.get(params.file_id) : undefined;
        if (!file) return telegramError(400, 'Bad Request: invalid file_id');
        if (file.bytes.length > MAX_DOWNLOAD_BYTES) return telegramError(400, 'Bad Request: file is too big');
        return ok({ file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: file.bytes.length, file_path: file.path });
      }
      case 'sendPhoto':
      case 'sendVoice':
      case 'sendAudio':
      case 'sendVideo':
      case 'sendDocument': {
        const { field, maxBytes } = uploadMethods[match[2]]!;
        const chatId = typeof params.chat_id === 'string' ? params.chat_id : '';
        const file = multipartParts(request)?.find((p) => p.name === field && p.fileName !== undefined);
        if (!chatId) return telegramError(400, 'Bad Request: chat_id is empty');
        if (!file) return telegramError(400, `Bad Request: there is no ${field} in the request`);
        if (file.data.length > maxBytes) return telegramError(413, 'Request Entity Too Large');
        if (typeof params.caption === 'string' && params.caption.length > 1024) return telegramError(400, 'Bad Request: message caption is too long');
        if (unknownChats.has(chatId)) return telegramError(400, 'Bad Request: chat not found');
        if (blocked.has(chatId)) return telegramError(403, 'Forbidden: bot was blocked by the user');
        const messageId = (lastIdByChat.get(chatId) ?? 1000) + 1;
        lastIdByChat.set(chatId, messageId);
        const caption = typeof params.caption === 'string' ? params.caption : null;
        uploads.push({ chatId, messageId, method: match[2]!, fileName: file.fileName ?? null, contentType: file.contentType ?? null, bytes: file.data, caption });
        return ok({ message_id: messageId, from: BOT, chat: { id: Number(chatId), type: 'private' }, date: Math.floor(Date.now() / 1000), ...(caption ? { caption } : {}) });
      }
      default:
        return telegramError(404, 'Not Found: method not found');
    }
  };

  const fake = await startFakeProvider(handle, options.port);
  return {
    ...fake,
    token: options.token,
    sent,
    uploads,
    blocked,
    unknownChats,
    addFile(file) {
      const fileId = `AgAC${randomBytes(12).toString('base64url')}`;
      const path = `documents/file_${files.size}${file.fileName ? `_${file.fileName}` : ''}`;
      files.set(fileId, { ...file, path });
      filesByPath.set(path, file);
      return fileId;
    },
    downloadPath: (fileId) => `/file/bot${options.token}/${files.get(fileId)?.path}`,
    get webhook() {
      return state.webhook;
    },
  };
}
