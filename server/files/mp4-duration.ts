/*
 * How long an MP4 or M4A file plays, read from its movie header (`moov` › `mvhd`) as ISO/IEC
 * 14496-12 lays it out. LINE's audio message must state its duration; the rest of the file is
 * never read. The header may sit before the media data or after it (a file not prepared for
 * streaming), so the top-level boxes are walked by their sizes, reading only each box's header.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/** Hostile or broken files cannot make the walk go on: real files have a handful of top-level boxes. */
const MAX_BOXES = 64;

type Box = { type: string; start: number; headerSize: number; end: number };

async function boxAt(read: ReadAt, offset: number, limit: number): Promise<Box | null> {
  if (offset + 8 > limit) return null;
  const header = await read(offset, 16);
  if (header.length < 8) return null;
  const short = header.readUInt32BE(0);
  const type = header.toString('latin1', 4, 8);
  let size = short;
  let headerSize = 8;
  if (short === 1) {
    if (header.length < 16) return null;
    size = Number(header.readBigUInt64BE(8));
    headerSize = 16;
  } else if (short === 0) {
    size = limit - offset;
  }
  if (size < headerSize || offset + size > limit) return null;
  return { type, start: offset, headerSize, end: offset + size };
}

async function findBox(read: ReadAt, type: string, from: number, limit: number): Promise<Box | null> {
  let offset = from;
  for (let i = 0; i < MAX_BOXES; i++) {
    const box = await boxAt(read, offset, limit);
    if (!box) return null;
    if (box.type === type) return box;
    offset = box.end;
  }
  return null;
}

/** The duration in whole milliseconds, or null when the bytes are not an MP4 with a movie header. */
export async function mp4DurationMs(read: ReadAt, size: number): Promise<number | null> {
  const moov = await findBox(read, 'moov', 0, size);
  if (!moov) return null;
  const mvhd = await findBox(read, 'mvhd', moov.start + moov.headerSize, moov.end);
  if (!mvhd) return null;
  const body = await read(mvhd.start + mvhd.headerSize, 32);
  if (body.length < 4) return null;
  const version = body[0];
  // Version 0: 32-bit creation and modification times, then the time scale and a 32-bit duration; version 1: 64-bit times and duration.
  const [scale, duration] =
    version === 1 ? (body.length >= 32 ? [body.readUInt32BE(20), Number(body.readBigUInt64BE(24))] : [0, 0]) : body.length >= 20 ? [body.readUInt32BE(12), body.readUInt32BE(16)] : [0, 0];
  if (scale === 0 || duration === 0 || !Number.isSafeInteger(duration)) return null;
  return Math.round((duration / scale) * 1000);
}
