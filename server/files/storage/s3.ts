import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3Location } from './s3-url';
import type { FileStorage } from './storage';

const missing = (error: unknown) => error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');

/** Any S3-compatible store (AWS, MinIO, R2), path-style. The bucket is private: files are served only through Cadence. */
export function s3Storage(location: S3Location): FileStorage {
  const client = new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: true,
    credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
  });
  const Bucket = location.bucket;
  return {
    async has(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (missing(error)) return false;
        throw error;
      }
    },
    async put(key, body, size, mimeType) {
      // A known length lets the SDK stream the body in one PutObject instead of reading it into memory.
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: size, ContentType: mimeType }));
    },
    async get(key, range) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        const total = answer.ContentRange ? Number(/\/(\d+)$/.exec(answer.ContentRange)?.[1]) : answer.ContentLength;
        return { body: answer.Body as Readable, size: total ?? 0 };
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
  };
}
