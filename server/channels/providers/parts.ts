import type { Delivery, DeliveryOutcome, OutboundAttachment } from '../outbound';

/*
 * A message with files often goes out as several requests: a provider sends one file per
 * message, and some take no caption. How the text and the files become those requests, and
 * how they are sent so a retry never sends one twice.
 */

export type Piece = { kind: 'text'; text: string } | { kind: 'file'; file: OutboundAttachment; caption: string | null };

/**
 * The message as the provider's messages, in order. The text rides as the caption of the first
 * file when `takesCaption` says that file may carry it and the file has none of its own;
 * otherwise it goes first, as its own text. A file's own caption that the provider cannot carry
 * follows it as a text: nothing the agent wrote is dropped.
 */
export function piecesOf(body: string, files: OutboundAttachment[], takesCaption: (file: OutboundAttachment, caption: string) => boolean): Piece[] {
  const text = body.trim();
  if (files.length === 0) return text ? [{ kind: 'text', text }] : [];
  const [first] = files;
  const bodyAsCaption = text !== '' && !first!.caption && takesCaption(first!, text);
  const pieces: Piece[] = text && !bodyAsCaption ? [{ kind: 'text', text }] : [];
  files.forEach((file, i) => {
    const caption = i === 0 && bodyAsCaption ? text : file.caption;
    if (caption && !takesCaption(file, caption)) pieces.push({ kind: 'file', file, caption: null }, { kind: 'text', text: caption });
    else pieces.push({ kind: 'file', file, caption });
  });
  return pieces;
}

/**
 * Sends the parts in order, each once: parts an earlier attempt sent (`progress.sent`) are
 * skipped, each one sent is recorded before the next goes (and its id is the message's once all went). The first part that is not sent
 * stops the rest and is the outcome (a retry resumes there); the message's id is the last part's.
 */
export async function sendInParts(d: Delivery, parts: (() => Promise<DeliveryOutcome>)[]): Promise<DeliveryOutcome> {
  const done = d.progress.sent.length;
  let last = d.progress.sent.at(-1);
  for (let i = done; i < parts.length; i++) {
    const outcome = await parts[i]!();
    if (outcome.outcome !== 'sent') return i === 0 ? outcome : partly(outcome, i, parts.length);
    // The last part's id settles the message right after: nothing follows it to skip.
    if (i < parts.length - 1) await d.progress.record(outcome.providerMessageId);
    last = outcome.providerMessageId;
  }
  if (last === undefined) return { outcome: 'failed', code: 'EMPTY_MESSAGE', detail: 'The message has neither text nor a file to send.' };
  return { outcome: 'sent', providerMessageId: last };
}

/** The outcome of part `i` of `n`, saying that the parts before it went. */
function partly(outcome: Exclude<DeliveryOutcome, { outcome: 'sent' }>, i: number, n: number): DeliveryOutcome {
  const note = ` (${i === 1 ? 'part 1' : `parts 1–${i}`} of ${n} went${outcome.outcome === 'retry' ? '; a retry sends only the rest' : ''})`;
  return { ...outcome, detail: `${outcome.detail}${note}` };
}
