import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/**
 * Every domain error has one of these codes; each maps once to a tRPC code and an HTTP status
 * (REST answers `{"error":{"code","message"}}`).
 */
const codes = {
  INVALID_INPUT: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  /** It existed and is known, but what it held is no longer kept (a file whose bytes left storage): asking again will not help. tRPC has no 410; NOT_FOUND is the nearest. */
  GONE: { trpc: 'NOT_FOUND', http: 410 },
  /** The send would reach the contact outside their daytime hours: ask, then send anyway or schedule. */
  QUIET_HOURS: { trpc: 'CONFLICT', http: 409 },
  /** A snooze would sleep through a pending required deadline: ask, then snooze anyway. */
  SNOOZE_PAST_DEADLINE: { trpc: 'CONFLICT', http: 409 },
  /** Someone else replied in this conversation moments ago: ask before answering the client twice. */
  RECENT_REPLY: { trpc: 'CONFLICT', http: 409 },
  /** A send's key (REST `Idempotency-Key`, the composer's client message id) was already used for another send. */
  IDEMPOTENCY_KEY_REUSED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413 },
  /** The conversation's channel does not take this file (SPEC §14: its kind, type or size, or the message's total). */
  ATTACHMENT_NOT_ACCEPTED: { trpc: 'BAD_REQUEST', http: 400 },
  /** The database is away for now: the same request later can succeed (a webhook's sender retries a 5xx). */
  UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  // Send refusals (SPEC §3): nothing was sent.
  WINDOW_CLOSED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  TEMPLATE_REQUIRED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  TAG_REQUIRED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  MESSAGE_CAP_REACHED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  QUOTA_EXCEEDED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  NO_CONSENT: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  CONTACT_MUST_INITIATE: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  CONTACT_BLOCKED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  CHANNEL_CANNOT_RECEIVE: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  /** A provider refused a channel's credentials (or its webhook): its own reason is the message, and nothing was saved. */
  PROVIDER_REJECTED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof codes;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Facts a client needs to act on the error (e.g. the proposed send time). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return codes[this.code].http;
  }

  get trpcCode(): TRPC_ERROR_CODE_KEY {
    return codes[this.code].trpc;
  }
}

export const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: { code, message, ...details },
});
