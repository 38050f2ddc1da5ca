import type { Readable } from 'node:stream';
import type { MediaFetchOutcome } from '../media';
import { startFakeProvider, type FakeProvider } from './fake-server';

/*
 * For the providers' fetchMedia tests: a "foreign" host that must never be asked anything (a
 * payload naming it would make the server fetch it), and the bytes of a fetched file.
 */

/** A server that would hand out anything: a test asserts that `requests` stays empty. */
export const startForeignHost = (): Promise<FakeProvider> => startFakeProvider(() => ({ status: 200, text: 'internal secrets' }));

const bytesOf = async (body: Readable) => Buffer.concat(await body.toArray());

/** The bytes of a fetched file, or the test fails with the outcome it got instead. */
export async function fetchedBytes(outcome: MediaFetchOutcome): Promise<Buffer> {
  if (outcome.outcome !== 'fetched') throw new Error(`expected the file, got ${JSON.stringify(outcome)}`);
  return bytesOf(outcome.media.body);
}
