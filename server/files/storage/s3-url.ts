import { z } from 'zod';

/*
 * S3_URL names an S3-compatible bucket in one value:
 *   s3://ACCESS_KEY:SECRET@host[:port]/bucket?region=eu-west-1      (HTTPS)
 *   s3+http://ACCESS_KEY:SECRET@host[:port]/bucket?region=us-east-1 (plain HTTP: a local MinIO)
 * The key and the secret are percent-encoded when they hold reserved characters. Region defaults
 * to us-east-1 (MinIO's and R2's `auto` are both fine). Addressing is path-style, which AWS,
 * MinIO and R2 all accept.
 */

export type S3Location = { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };

export const S3Url = z.string().transform((value, ctx): S3Location => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a URL like s3://KEY:SECRET@host/bucket?region=eu-west-1' });
    return z.NEVER;
  }
  const scheme = url.protocol === 's3:' ? 'https' : url.protocol === 's3+http:' ? 'http' : null;
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  const problem = !scheme
    ? 'must start with s3:// (HTTPS) or s3+http:// (plain HTTP)'
    : !url.username || !url.password
      ? 'must carry the access key and secret as KEY:SECRET@'
      : !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)
        ? 'must name one bucket as its path (3 to 63 lowercase letters, digits, dots and hyphens)'
        : null;
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return {
    endpoint: `${scheme}://${url.host}`,
    bucket,
    region: url.searchParams.get('region') || 'us-east-1',
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
  };
});
