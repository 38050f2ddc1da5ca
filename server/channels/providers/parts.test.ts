import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryOutcome, OutboundAttachment } from '../outbound';
import { piecesOf, sendInParts } from './parts';

const file = (id: string, caption: string | null = null): OutboundAttachment => ({
  id,
  kind: 'image',
  mimeType: 'image/png',
  size: 10,
  fileName: `${id}.png`,
  caption,
  open: () => Promise.reject(new Error('not read here')),
  url: () => `https://cadence.test/${id}`,
  durationMs: () => Promise.resolve(null),
});
const shape = (pieces: ReturnType<typeof piecesOf>) => pieces.map((p) => (p.kind === 'text' ? `text:${p.text}` : `file:${p.file.id}:${p.caption ?? '-'}`));

describe('a message as the pieces a provider sends', () => {
  it('the text rides as the first file’s caption when it may', () => {
    expect(shape(piecesOf('Hola', [file('a'), file('b', 'dos')], () => true))).toEqual(['file:a:Hola', 'file:b:dos']);
  });

  it('the text goes first when the first file has its own caption, or takes none', () => {
    expect(shape(piecesOf('Hola', [file('a', 'uno')], () => true))).toEqual(['text:Hola', 'file:a:uno']);
    expect(shape(piecesOf('Hola', [file('a')], () => false))).toEqual(['text:Hola', 'file:a:-']);
  });

  it('a caption the provider cannot carry follows its file as a text; blank text adds nothing', () => {
    expect(shape(piecesOf('  ', [file('a', 'uno'), file('b')], () => false))).toEqual(['file:a:-', 'text:uno', 'file:b:-']);
    expect(shape(piecesOf('Largo', [file('a')], (_f, caption) => caption.length < 3))).toEqual(['text:Largo', 'file:a:-']);
  });
});

describe('sending the parts once each', () => {
  const delivery = (sent: string[]) => {
    const recorded: string[] = [];
    const d = { progress: { sent, record: async (id: string) => void recorded.push(id) } } as unknown as Delivery;
    return { d, recorded };
  };
  const ok = (id: string) => async (): Promise<DeliveryOutcome> => ({ outcome: 'sent', providerMessageId: id });

  it('sends all in order, recording each but the last, and the message takes the last id', async () => {
    const { d, recorded } = delivery([]);
    expect(await sendInParts(d, [ok('1'), ok('2'), ok('3')])).toEqual({ outcome: 'sent', providerMessageId: '3' });
    expect(recorded).toEqual(['1', '2']);
  });

  it('skips the parts an earlier attempt sent', async () => {
    const calls: string[] = [];
    const part = (id: string) => async (): Promise<DeliveryOutcome> => (calls.push(id), { outcome: 'sent', providerMessageId: id });
    const { d } = delivery(['1']);
    expect(await sendInParts(d, [part('1'), part('2')])).toEqual({ outcome: 'sent', providerMessageId: '2' });
    expect(calls).toEqual(['2']);
  });

  it('stops at the first part not sent, saying which went before it', async () => {
    const { d, recorded } = delivery([]);
    const busy = async (): Promise<DeliveryOutcome> => ({ outcome: 'retry', code: 'x.busy', detail: 'busy' });
    const never = async (): Promise<DeliveryOutcome> => {
      throw new Error('must not be called');
    };
    expect(await sendInParts(d, [ok('1'), busy, never])).toEqual({ outcome: 'retry', code: 'x.busy', detail: 'busy (part 1 of 3 went; a retry sends only the rest)' });
    expect(recorded).toEqual(['1']);
    expect(await sendInParts(delivery([]).d, [busy])).toEqual({ outcome: 'retry', code: 'x.busy', detail: 'busy' });
  });
});
