import { deflateSync } from 'node:zlib';

/*
 * Real files for tests, benchmarks and the browser tests: a PNG a browser shows, and an OGG/Opus
 * voice note Chromium plays (with a duration). Built from their formats, so no binary sits in the repo.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A `width`×`height` PNG in one colour, with a diagonal stripe so a screenshot shows it is the
 * picture; `padTo` bytes (a comment chunk of noise-free filler) make a large file of a small image.
 */
export function pngImage(options: { width?: number; height?: number; rgb?: [number, number, number]; padTo?: number; seed?: number } = {}): Buffer {
  const { width = 160, height = 120, rgb = [14, 116, 144], padTo = 0, seed = 0 } = options;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(x - y - seed) < 6;
      rows.set(stripe ? [250, 204, 21] : rgb, row + 1 + x * 3);
    }
  }
  // `seed` also goes into a chunk, so two images of one look are two contents.
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('tEXt', Buffer.from(`Comment\0seed ${seed}`, 'latin1')), pngChunk('IDAT', deflateSync(rows))];
  const end = pngChunk('IEND', Buffer.alloc(0));
  const size = parts.reduce((n, p) => n + p.length, 0) + end.length;
  if (padTo > size + 12) parts.push(pngChunk('zTXt', Buffer.alloc(padTo - size - 12, 0x61)));
  return Buffer.concat([...parts, end]);
}

// Ogg's CRC is CRC-32 without reflection (polynomial 0x04c11db7, initial 0).
const OGG_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  return c >>> 0;
});

function oggCrc(bytes: Buffer): number {
  let c = 0;
  for (const b of bytes) c = ((c << 8) ^ OGG_TABLE[((c >>> 24) ^ b) & 0xff]!) >>> 0;
  return c >>> 0;
}

function oggPage(packets: Buffer[], flags: number, granule: bigint, sequence: number): Buffer {
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[5] = flags;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(0x43414445, 14);
  header.writeUInt32LE(sequence, 18);
  const lacing = packets.flatMap((p) => [...Array(Math.floor(p.length / 255)).fill(255), p.length % 255]);
  header[26] = lacing.length;
  const page = Buffer.concat([header, Buffer.from(lacing), ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** A mono OGG/Opus file of `seconds` of silence (20 ms frames): what a WhatsApp voice note is. */
export function oggOpusVoiceNote(seconds = 1.5): Buffer {
  const preSkip = 312;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  const vendor = Buffer.from('cadence-test', 'latin1');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  const frames = Math.round(seconds * 50);
  // TOC 0xf8: CELT full band, 20 ms, one frame; 0xff 0xfe is a silent frame.
  const silent = Buffer.from([0xf8, 0xff, 0xfe]);
  const pages = [oggPage([head], 0x02, 0n, 0), oggPage([tags], 0, 0n, 1)];
  for (let i = 0, sequence = 2; i < frames; i += 200, sequence++) {
    const count = Math.min(200, frames - i);
    const last = i + count >= frames;
    pages.push(oggPage(Array(count).fill(silent), last ? 0x04 : 0, BigInt(preSkip + (i + count) * 960), sequence));
  }
  return Buffer.concat(pages);
}

function mp4Box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/**
 * The boxes of an MP4 file that say what it is and how long it plays: `ftyp` (brand `M4A ` is an
 * M4A audio file, `isom` an MP4 video), the movie header, and `mediaBytes` of media data; the
 * movie header last (`moovLast`) as in a file not prepared for streaming. No player plays it:
 * it is for what servers read from a file, not for a browser.
 */
export function mp4File(options: { brand: 'M4A ' | 'isom'; seconds: number; moovLast?: boolean; mediaBytes?: number; version?: 0 | 1 }): Buffer {
  const { brand, seconds, moovLast = false, mediaBytes = 2048, version = 0 } = options;
  const scale = 44_100;
  const ftyp = mp4Box('ftyp', Buffer.from(brand, 'latin1'), Buffer.alloc(4), Buffer.from(`${brand}isom`, 'latin1'));
  const mvhdBody = Buffer.alloc(version === 1 ? 112 : 100);
  mvhdBody[0] = version;
  if (version === 1) {
    mvhdBody.writeUInt32BE(scale, 20);
    mvhdBody.writeBigUInt64BE(BigInt(Math.round(seconds * scale)), 24);
  } else {
    mvhdBody.writeUInt32BE(scale, 12);
    mvhdBody.writeUInt32BE(Math.round(seconds * scale), 16);
  }
  const moov = mp4Box('moov', mp4Box('mvhd', mvhdBody));
  const mdat = mp4Box('mdat', Buffer.alloc(mediaBytes, 0x11));
  return Buffer.concat(moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}
