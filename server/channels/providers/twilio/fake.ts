import { randomBytes } from 'node:crypto';
import { basicCredentials, fetchAsProvider, fileAnswer, startFakeProvider, type FakeAnswer, type FakeFile, type FakeFetched, type FakeProvider, type FakeRequest } from '../fake-server';

/*
 * Twilio's Programmable Messaging API as a local server: HTTP Basic with the account SID and
 * auth token, a form body, 201 with the new message, and Twilio's JSON errors
 * (`{"code","message","more_info","status"}`). An MMS's media URL answers, with the same
 * credentials, a redirect to the file on the CDN (`/cdn/{sid}` here), which needs none. An MMS
 * we send names its files by `MediaUrl` (up to 10): the fake fetches each, with no credentials,
 * as Twilio does, and keeps what it got (one deliberate difference: before answering, where
 * Twilio fetches just after, so a test reads the result as soon as the send returns).
 */

export type TwilioFakeMessage = {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  /** What each MediaUrl answered when fetched. */
  media: FakeFetched[];
};

export type TwilioFake = FakeProvider & {
  /** Messages Twilio took, in order. */
  messages: TwilioFakeMessage[];
  /** Numbers that texted STOP: sends to them are refused with 21610. */
  optedOut: Set<string>;
  /** Holds a file as if a contact had sent it by MMS: its `MediaUrl`. `redirectTo` sends the download elsewhere instead of the CDN. */
  addMedia(file: FakeFile, options?: { redirectTo?: string }): string;
};

const words: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  21211: "Invalid 'To' Phone Number",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
  21623: 'Number of media files exceeds allowed limit',
  30003: 'Unreachable destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
};

/** One of Twilio's error answers. */
export function twilioError(code: number, status = code === 20003 ? 401 : code === 20429 ? 429 : code >= 20500 && code < 20600 ? 500 : 400): FakeAnswer {
  return { status, json: { code, message: words[code] ?? `Error ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

const hex = (n: number) => randomBytes(n / 2).toString('hex');

export async function startTwilioFake(account: { accountSid: string; authToken: string }): Promise<TwilioFake> {
  const messages: TwilioFakeMessage[] = [];
  const optedOut = new Set<string>();
  const media = new Map<string, FakeFile & { redirectTo?: string }>();

  const handle = async (request: FakeRequest): Promise<FakeAnswer> => {
    const cdn = /^\/cdn\/(ME[0-9a-f]{32})$/.exec(request.path);
    if (request.method === 'GET' && cdn) {
      const file = media.get(cdn[1]!);
      return file ? fileAnswer(file) : { status: 404, text: 'Not Found' };
    }
    const credentials = basicCredentials(request.headers);
    if (!credentials || credentials.user !== account.accountSid || credentials.password !== account.authToken) return twilioError(20003);
    const base = `/2010-04-01/Accounts/${account.accountSid}`;
    if (request.method === 'GET' && request.path === `${base}.json`) {
      return { status: 200, json: { sid: account.accountSid, friendly_name: 'Cadence test account', status: 'active', type: 'Full' } };
    }
    const medium = new RegExp(`^${base}/Messages/MM[0-9a-f]{32}/Media/(ME[0-9a-f]{32})$`).exec(request.path);
    if (request.method === 'GET' && medium) {
      const file = media.get(medium[1]!);
      if (!file) return twilioError(20404, 404);
      return { status: 307, headers: { location: file.redirectTo ?? `${fake.url}/cdn/${medium[1]}` }, text: '' };
    }
    if (request.method !== 'POST' || request.path !== `${base}/Messages.json`) return twilioError(20404, 404);
    // Twilio reads form bodies only: anything else arrives as no parameters at all.
    const form = /^application\/x-www-form-urlencoded\b/.test(request.headers['content-type'] ?? '') ? new URLSearchParams(request.body) : new URLSearchParams();
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    if (!to) return twilioError(21604);
    if (!from && !service) return twilioError(21603);
    if (!body && mediaUrls.length === 0) return twilioError(21602);
    if (mediaUrls.length > 10) return twilioError(21623);
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(21211);
    if (optedOut.has(to)) return twilioError(21610);
    const fetched = await Promise.all(mediaUrls.map(fetchAsProvider));
    const message = { sid: `${mediaUrls.length > 0 ? 'MM' : 'SM'}${hex(32)}`, to, from, messagingServiceSid: service, body, statusCallback: form.get('StatusCallback'), media: fetched };
    messages.push(message);
    return {
      status: 201,
      json: {
        sid: message.sid,
        account_sid: account.accountSid,
        to,
        from,
        messaging_service_sid: service,
        body,
        status: service ? 'accepted' : 'queued',
        num_segments: '1',
        num_media: String(mediaUrls.length),
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        date_created: new Date().toUTCString(),
        uri: `${base}/Messages/${message.sid}.json`,
      },
    };
  };

  const fake = await startFakeProvider(handle);
  const addMedia = (file: FakeFile, options: { redirectTo?: string } = {}) => {
    const sid = `ME${hex(32)}`;
    media.set(sid, { ...file, ...options });
    return `${fake.url}/2010-04-01/Accounts/${account.accountSid}/Messages/MM${hex(32)}/Media/${sid}`;
  };
  return Object.assign(fake, { messages, optedOut, addMedia });
}
