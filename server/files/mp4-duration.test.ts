import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { mp4DurationMs, type ReadAt } from './mp4-duration';
import { mp4File, oggOpusVoiceNote, pngImage } from './testing';

/** Reads from memory, counting the bytes asked for: the walk must not read the media data. */
function reader(bytes: Buffer) {
  const counted = { bytes: 0 };
  const read: ReadAt = async (offset, length) => {
    counted.bytes += length;
    return bytes.subarray(offset, offset + length);
  };
  return { read, counted };
}

describe('mp4DurationMs', () => {
  it('reads an M4A voice note of 7.5 s as 7500 ms, sniffed as audio/x-m4a', async () => {
    const file = mp4File({ brand: 'M4A ', seconds: 7.5 });
    expect((await fileTypeFromBuffer(file))?.mime).toBe('audio/x-m4a');
    expect(await mp4DurationMs(reader(file).read, file.length)).toBe(7500);
  });

  it('finds the movie header after 5 MB of media data, reading only box headers', async () => {
    const file = mp4File({ brand: 'isom', seconds: 62.25, moovLast: true, mediaBytes: 5 * 1024 * 1024 });
    const { read, counted } = reader(file);
    expect(await mp4DurationMs(read, file.length)).toBe(62250);
    expect(counted.bytes).toBeLessThan(200);
  });

  it('reads a version 1 (64-bit) movie header', async () => {
    const file = mp4File({ brand: 'M4A ', seconds: 3600, version: 1 });
    expect(await mp4DurationMs(reader(file).read, file.length)).toBe(3_600_000);
  });

  it('answers null for what is not an MP4, a truncated one, and a box that claims more than the file', async () => {
    const ogg = oggOpusVoiceNote(1);
    const png = pngImage();
    const whole = mp4File({ brand: 'M4A ', seconds: 2, moovLast: true });
    const truncated = whole.subarray(0, whole.length - 40);
    const lying = Buffer.from(whole);
    lying.writeUInt32BE(0x7fffffff, 0);
    for (const bytes of [ogg, png, truncated, lying, Buffer.alloc(0)]) expect(await mp4DurationMs(reader(bytes).read, bytes.length)).toBeNull();
  });
});
