import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey } from './keys';
import { localStorage } from './local';
import { s3Storage } from './s3';
import { startS3Fake, type S3Fake } from './s3-fake';
import { S3Url } from './s3-url';
import type { FileStorage } from './storage';

let fake: S3Fake;
let root: string;
beforeAll(async () => {
  fake = await startS3Fake();
  root = await mkdtemp(path.join(tmpdir(), 'cadence-files-'));
});
afterAll(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

const key = contentKey('a'.repeat(64));
/** A body that arrives in pieces, as a download does. */
const pieces = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

const backends: [string, () => FileStorage][] = [
  ['local disk', () => localStorage(root)],
  ['S3 (a local fake speaking its protocol)', () => s3Storage(S3Url.parse(fake.s3Url))],
];

describe.each(backends)('file storage on %s', (_name, make) => {
  it('stores a stream under its key and reads it back, whole or a range of it', async () => {
    const storage = make();
    expect(await storage.has(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, pieces('hello, ', 'media ', 'world'), 18, 'text/plain');
    expect(await storage.has(key)).toBe(true);
    const whole = await storage.get(key);
    expect(whole!.size).toBe(18);
    expect(await text(whole!.body)).toBe('hello, media world');
    const part = await storage.get(key, { start: 7, end: 11 });
    expect(part!.size).toBe(18);
    expect(await text(part!.body)).toBe('media');
  });
});

describe('the S3 backend', () => {
  it('puts the object in the bucket by path, with its type', () => {
    expect(fake.objects.get(key)).toMatchObject({ contentType: 'text/plain' });
    expect(fake.objects.get(key)!.bytes.toString()).toBe('hello, media world');
    expect(fake.requests.some((r) => r.method === 'PUT' && r.path === `/cadence-files/${key}`)).toBe(true);
  });

  it('fails with the store\'s error when its key is refused', async () => {
    const wrong = s3Storage({ ...S3Url.parse(fake.s3Url), accessKeyId: 'SOMEONE' });
    await expect(wrong.has(key)).rejects.toThrow();
  });
});

describe('S3_URL', () => {
  it('names endpoint, bucket, region and keys in one value', () => {
    expect(S3Url.parse('s3://AK%2FID:se%40cret@minio.internal:9000/media-bucket?region=eu-west-1')).toEqual({
      endpoint: 'https://minio.internal:9000',
      bucket: 'media-bucket',
      region: 'eu-west-1',
      accessKeyId: 'AK/ID',
      secretAccessKey: 'se@cret',
    });
    expect(S3Url.parse('s3+http://k:s@127.0.0.1:9000/b12').endpoint).toBe('http://127.0.0.1:9000');
    expect(S3Url.parse('s3+http://k:s@127.0.0.1:9000/b12').region).toBe('us-east-1');
  });

  it.each([
    ['https://k:s@host/bucket', 'must start with s3://'],
    ['s3://host/bucket', 'must carry the access key and secret'],
    ['s3://k:s@host/', 'must name one bucket'],
    ['s3://k:s@host/a/b', 'must name one bucket'],
    ['not a url', 'must be a URL'],
  ])('refuses %s, saying what is wrong', (value, message) => {
    const parsed = S3Url.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain(message);
  });
});
