import { z } from 'zod';
import { S3Url } from './files/storage/s3-url';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Where people and providers reach this server (scheme, host, optional port; no path). https
   * turns on HSTS and Secure cookies. Default: http://localhost:PORT.
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((u) => {
      const url = new URL(u);
      return url.pathname === '/' && !url.search && !url.hash;
    }, 'must be an origin only: scheme, host and optional port, no path')
    .transform((u) => new URL(u).origin)
    .optional(),
  /** A proxy in front appends the client's address to X-Forwarded-For; without it the TCP peer is the client. */
  TRUST_PROXY: z.enum(['0', '1'], 'must be 0 or 1').default('0').transform((v) => v === '1'),
  /** PostgreSQL to use instead of the embedded database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Redis for socket.io across processes; without it events stay in this process. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Where the embedded database and the generated auth secret live. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Signs sessions; generated once into DATA_DIR when unset so a fresh clone boots. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Seals provider credentials at rest (AES-256-GCM): 32 bytes as 64 hex characters or base64; generated once into DATA_DIR when unset. */
  APP_KEY: z
    .string()
    .refine((k) => (/^[0-9a-f]{64}$/i.test(k.trim()) ? true : Buffer.from(k.trim(), 'base64').length === 32), 'must be 32 bytes, as 64 hex characters or base64')
    .optional(),
  /** Older keys, comma-separated, still readable during a rotation (values are re-sealed with APP_KEY at start). */
  APP_KEY_PREVIOUS: z.string().optional(),
  /** Seed the demo workspace into an empty database at start-up (default: only when embedded). */
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Where invitations and password-reset links are emailed from (nodemailer); without it they are only shown to copy. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587' })
    .optional(),
  /** The sender of those emails, `Name <address>` or an address; default Cadence <no-reply@PUBLIC_URL's host>. */
  SMTP_FROM: z.string().min(3).optional(),
  /**
   * Files in an S3-compatible bucket instead of DATA_DIR/files: s3://KEY:SECRET@host[:port]/bucket?region=…
   * (s3+http:// for plain HTTP). Format: server/files/storage/s3-url.ts.
   */
  S3_URL: S3Url.optional(),
  /** 1: this process runs due work (jobs, queued deliveries); 0: none, for web processes beside separate workers. */
  WORKER: z
    .enum(['0', '1'], 'must be 0 or 1')
    .default('1')
    .transform((v) => v === '1'),
})
  .refine((env) => env.WORKER || env.DATABASE_URL, {
    path: ['WORKER'],
    message: '0 needs DATABASE_URL: the embedded database cannot be shared with a worker process, so nothing would run due work',
  })
  .transform(({ PUBLIC_URL, ...env }) => ({ ...env, PUBLIC_URL: PUBLIC_URL ?? `http://localhost:${env.PORT}` }));

export type Env = z.infer<typeof EnvSchema>;

/** Validates the environment once; a bad value stops start-up with the variable named. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

let validated: Env | undefined;

/**
 * This process's configuration, validated on first use. server.ts puts the resolved
 * AUTH_SECRET (generated into DATA_DIR when unset) into the environment before Next.js
 * starts, so the route handlers' module graph reads it here too.
 */
export function config(): Env {
  validated ??= readEnv();
  return validated;
}
