import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startMetaFake, type MetaFake } from '../server/channels/providers/meta-fake';
import { oggOpusVoiceNote, pngImage } from '../server/files/testing';
import { postWhatsAppMessage, storageStateOf } from './helpers';
import { fakePorts } from './provider-ports';

/*
 * Issue 18 as an agent lives it: a client sends a photo and a voice note on WhatsApp; each
 * arrives live in the open thread as a placeholder and turns into the file once the background
 * download (from a fake Graph API: a real local server) has stored it.
 */
test.use({ storageState: storageStateOf('manager@cadence.test') });

const number = { phoneNumberId: '106540352248888', wabaId: '102290129348888', accessToken: 'EAAe2e-media-token', verifiedName: 'Demo Clinic' };
let meta: MetaFake;
test.beforeAll(async () => {
  meta = await startMetaFake({ whatsapp: [number], port: fakePorts.whatsapp, latencyMs: 300 });
});
const opened: string[] = [];
test.afterAll(async ({ request }) => {
  const auth = { authorization: 'Bearer demo-admin-token' };
  for (const client of opened) {
    const found = (await (await request.get(`/api/v1/conversations?search=${client}`, { headers: auth })).json()) as { data: { id: string }[] };
    for (const { id } of found.data) await request.post(`/api/v1/conversations/${id}/status`, { headers: auth, data: { status: 'closed' } });
  }
  await meta.close();
});

/** A contact's WhatsApp message of any type, as Meta posts it, signed with the channel's app secret. */
async function postWhatsApp(request: APIRequestContext, channel: { publicId: string; appSecret: string }, waId: string, message: Record<string, unknown>) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: number.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: number.phoneNumberId }, messages: [{ from: waId, timestamp: String(Math.floor(Date.now() / 1000)), ...message }] } }] }],
  });
  const response = await request.post(`/api/webhooks/whatsapp/${channel.publicId}`, {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', channel.appSecret).update(body).digest('hex')}` },
  });
  expect(response.status()).toBe(200);
}

test('a WhatsApp photo and a voice note arrive live, as a placeholder first, then as the picture and a player', async ({ page, request }) => {
  const stamp = Date.now();
  const appSecret = `e2e-media-secret-${stamp}`;
  const created = await request.post('/api/v1/channels', {
    headers: { authorization: 'Bearer demo-admin-token' },
    data: { kind: 'whatsapp', name: `WhatsApp media ${stamp}`, credentials: { accessToken: number.accessToken, phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, appSecret } },
  });
  expect(created.status()).toBe(201);
  const channel = { ...((await created.json()) as { publicId: string }), appSecret };
  const client = `Marta${stamp}`;
  const waId = `3466${String(stamp).slice(-7)}`;
  opened.push(client);
  await postWhatsAppMessage(request, { id: `wamid.e2e.media.${stamp}`, waId, name: client, text: 'Os mando la foto del justificante', sentAt: new Date(stamp - 60_000) }, channel);

  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(`/inbox?tab=all&status=open&q=${client}`);
  await page.getByTestId('conversation-row').filter({ hasText: client }).click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('Os mando la foto del justificante');

  meta.media.set(`photo-${stamp}`, { bytes: pngImage({ width: 480, height: 320, seed: stamp % 200 }), mimeType: 'image/jpeg' });
  meta.media.set(`voice-${stamp}`, { bytes: oggOpusVoiceNote(3), mimeType: 'audio/ogg; codecs=opus' });
  await postWhatsApp(request, channel, waId, { id: `wamid.e2e.photo.${stamp}`, type: 'image', image: { id: `photo-${stamp}`, mime_type: 'image/jpeg', caption: 'Justificante de pago' } });
  await postWhatsApp(request, channel, waId, { id: `wamid.e2e.voice.${stamp}`, type: 'audio', audio: { id: `voice-${stamp}`, mime_type: 'audio/ogg; codecs=opus', voice: true } });

  const photo = thread.getByTestId('attachment').and(page.locator('[data-kind="image"]'));
  const voice = thread.getByTestId('attachment').and(page.locator('[data-kind="audio"]'));
  // Live, without a reload: first what is on its way, then the file itself.
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  const image = photo.getByRole('img', { name: 'Justificante de pago' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
  await expect(photo).toContainText('Justificante de pago');
  await expect(voice).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  await expect(voice.locator('audio[controls]')).toHaveCount(1);
  // Chromium reads the OGG/Opus header: the player knows the note's length.
  await expect(voice.getByTestId('audio-duration')).toHaveText('Duración 0:03');
  // Neither message says "[image]" or "[audio]": the attachment itself shows what arrived.
  await expect(thread).not.toContainText('[image]');
  await expect(thread).not.toContainText('[audio]');
  await page.screenshot({ path: 'test-results/thread-whatsapp-media.png' });

  // Enter opens the picture full size in a dialog; Esc closes it and the thumbnail has focus again.
  await photo.getByRole('button', { name: /Ver a tamaño completo/ }).focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'Imagen 1 de 1' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img', { name: 'Justificante de pago' })).toBeVisible();
  await page.screenshot({ path: 'test-results/thread-whatsapp-media-viewer.png' });
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(photo.getByRole('button', { name: /Ver a tamaño completo/ })).toBeFocused();
});

test.describe('the demo', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test') });

  test('a seeded photo and a location: the map link opens OpenStreetMap at the coordinates', async ({ page }) => {
    await page.goto('/inbox?tab=mine&status=open&q=Sofía');
    await page.getByTestId('conversation-row').filter({ hasText: 'Sofía Plazo' }).click();
    const thread = page.getByTestId('thread');
    const place = thread.getByTestId('attachment').and(page.locator('[data-kind="location"]'));
    await expect(place).toContainText('Puerta del Sol');
    await expect(place).toContainText('40.41690, -3.70350');
    await expect(place.getByRole('link', { name: 'Abrir en el mapa' })).toHaveAttribute('href', 'https://www.openstreetmap.org/?mlat=40.41690&mlon=-3.70350#map=16/40.41690/-3.70350');
    const photo = thread.getByRole('img', { name: 'Os envío el informe de mi médico' });
    await expect(photo).toBeVisible();
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    await page.screenshot({ path: 'test-results/thread-demo-media.png' });
  });
});
