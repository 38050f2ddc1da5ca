import { startMetaFake } from '@/server/channels/providers/meta-fake';
import { pngImage } from '@/server/files/testing';

/*
 * The Graph API fake of `bench:media`, in a process of its own so the 200 MB of images it holds
 * never count in the measured server's memory. Prints its URL on one line, then serves until killed.
 */
const count = Number(process.env.BENCH_FILES ?? 200);
const size = Number(process.env.BENCH_FILE_BYTES ?? 1024 * 1024);
const media = Object.fromEntries(
  Array.from({ length: count }, (_, i) => [`bench-photo-${i}`, { bytes: pngImage({ width: 64, height: 48, seed: i, padTo: size }), mimeType: 'image/jpeg' }]),
);
const fake = await startMetaFake({ whatsapp: [{ phoneNumberId: '109876543219999', wabaId: '102290129349999', accessToken: process.env.BENCH_TOKEN ?? 'EAAbench-media' }], media, latencyMs: 20 });
console.log(fake.url);
