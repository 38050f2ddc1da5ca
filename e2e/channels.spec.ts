import { createHmac } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startMetaFake, type MetaFake } from '../server/channels/providers/meta-fake';
import { startTelegramFake, type TelegramFake } from '../server/channels/providers/telegram/fake';
import { postWhatsAppMessage, storageStateOf } from './helpers';
import { fakePorts } from './provider-ports';

/*
 * Issue 15 as a manager lives it: a channel connected from Settings → Channels against a fake of
 * its provider (a real local server speaking the provider's API), a reply delivered through it,
 * and a refusal explained in the thread, then retried once the channel is fixed.
 */
test.use({ storageState: storageStateOf('manager@cadence.test') });

const BOT_TOKEN = '7000000001:AAcadence-e2e-bot';
const number = { phoneNumberId: '106540352249999', wabaId: '102290129349999', accessToken: 'EAAe2e-whatsapp-token', verifiedName: 'Demo Clinic' };

let telegram: TelegramFake;
let meta: MetaFake;
test.beforeAll(async () => {
  telegram = await startTelegramFake({ token: BOT_TOKEN, port: fakePorts.telegram });
  meta = await startMetaFake({ whatsapp: [number], port: fakePorts.whatsapp });
});
// The conversations these tests open are closed again: round-robin may have given them to an agent
// whose later specs reply at the top of their inbox, and these fakes are gone by then.
const opened: string[] = [];
test.afterAll(async ({ request }) => {
  const auth = { authorization: 'Bearer demo-admin-token' };
  for (const client of opened) {
    const found = (await (await request.get(`/api/v1/conversations?search=${client}`, { headers: auth })).json()) as { data: { id: string }[] };
    for (const { id } of found.data) {
      const closed = await request.post(`/api/v1/conversations/${id}/status`, { headers: auth, data: { status: 'closed' } });
      expect(closed.status()).toBe(200);
    }
  }
  await telegram.close();
  await meta.close();
});

async function reply(page: Page, search: string, text: string) {
  await page.goto(`/inbox?tab=all&status=open&q=${encodeURIComponent(search)}`);
  await page.getByTestId('conversation-row').filter({ hasText: search }).click();
  await page.getByLabel('Respuesta').fill(text);
  await page.getByLabel('Respuesta').press('Enter');
  return page.getByTestId('thread').getByTestId('message').filter({ hasText: text });
}

test('a manager connects a Telegram bot; a client writes to it and the reply goes out through the Bot API', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `Bot clínica ${stamp}`;
  await page.goto('/settings/channels');
  await page.getByRole('button', { name: 'Añadir canal' }).click();
  const form = page.getByRole('form', { name: 'Conectar un canal' });
  await form.getByLabel('Tipo de canal').selectOption('telegram');
  await form.getByLabel('Nombre', { exact: true }).fill(name);
  await form.getByLabel('Token del bot').fill(BOT_TOKEN);
  await form.getByRole('button', { name: 'Comprobar y conectar' }).click();
  await expect(page.getByText(`«${name}» está conectado.`)).toBeVisible();
  const row = page.getByTestId('channel').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-state', 'connected');
  await expect(row).toContainText('Cadence ya ha indicado esta URL al proveedor');
  // The token is never shown again, only its last four characters.
  await expect(page.locator('body')).not.toContainText(BOT_TOKEN);
  await page.screenshot({ path: 'test-results/channels-telegram-connected.png', fullPage: true });

  // Cadence registered its webhook with its own secret; Telegram posts the client's message there.
  expect(telegram.webhook?.url).toMatch(/\/api\/webhooks\/telegram\/telegram-[\w-]+$/);
  expect(telegram.webhook?.secretToken).toBeTruthy();
  const chatId = 500_000_000 + (stamp % 1_000_000);
  const client = `Carla${stamp}`;
  opened.push(client);
  const posted = await request.post(new URL(telegram.webhook!.url).pathname, {
    data: {
      update_id: stamp % 1_000_000_000,
      message: {
        message_id: 7,
        from: { id: chatId, is_bot: false, first_name: client, language_code: 'es' },
        chat: { id: chatId, type: 'private', first_name: client },
        date: Math.floor(stamp / 1000),
        text: 'Hola, ¿tenéis cita el jueves?',
      },
    },
    headers: { 'x-telegram-bot-api-secret-token': telegram.webhook!.secretToken! },
  });
  expect(posted.status()).toBe(200);

  const sent = await reply(page, client, `Sí, ${client}: el jueves a las 17:00.`);
  await expect(sent).toContainText('Enviado');
  expect(telegram.sent).toContainEqual(expect.objectContaining({ chatId: String(chatId), text: `Sí, ${client}: el jueves a las 17:00.` }));
});

test('a WhatsApp refusal is explained in the thread; one caused by an expired token is retried once the token is replaced', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `WhatsApp e2e ${stamp}`;
  const appSecret = `e2e-app-secret-${stamp}`;
  const created = await request.post('/api/v1/channels', {
    headers: { authorization: 'Bearer demo-admin-token' },
    data: { kind: 'whatsapp', name, credentials: { accessToken: number.accessToken, phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, appSecret } },
  });
  expect(created.status()).toBe(201);
  const channel = (await created.json()) as { id: string; publicId: string };
  const client = `Nerea${stamp}`;
  opened.push(client);
  await postWhatsAppMessage(
    request,
    { id: `wamid.e2e.wa.${stamp}`, waId: `3465${String(stamp).slice(-7)}`, name: client, text: 'Hola, quería información', sentAt: new Date(stamp - 60_000) },
    { publicId: channel.publicId, appSecret },
  );

  // Meta refuses for good (131047): the thread says why, and offers no retry.
  meta.failNext({ code: 131047 }, { path: '/messages' });
  const refused = await reply(page, client, 'Primera respuesta');
  await expect(refused).toContainText('No entregado');
  await expect(refused).toContainText('solo se puede enviar una plantilla aprobada');
  await expect(refused.getByRole('button', { name: 'Reintentar' })).toHaveCount(0);

  // The token expired (190): the message waits to be retried, and the channel needs attention.
  meta.failNext({ code: 190 }, { path: '/messages' });
  const waiting = await reply(page, client, 'Segunda respuesta');
  // WhatsApp takes one message per contact every 6 s (SPEC §13): the worker holds this one that long first.
  await expect(waiting).toContainText('El token de acceso del canal de WhatsApp caducó', { timeout: 20_000 });
  await page.screenshot({ path: 'test-results/thread-whatsapp-refusals.png', fullPage: true });

  await page.goto('/settings/channels');
  const row = page.getByTestId('channel').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-state', 'needs_attention');
  await row.getByText('Credenciales').click();
  await row.getByRole('button', { name: 'Sustituir Token de acceso' }).click();
  await row.getByLabel('Nuevo valor de Token de acceso').fill(number.accessToken);
  await row.getByRole('button', { name: 'Comprobar y guardar' }).click();
  await expect(row).toHaveAttribute('data-state', 'connected');

  await page.goto(`/inbox?tab=all&status=open&q=${client}`);
  await page.getByTestId('conversation-row').filter({ hasText: client }).click();
  const again = page.getByTestId('thread').getByTestId('message').filter({ hasText: 'Segunda respuesta' });
  await again.getByRole('button', { name: 'Reintentar' }).click();
  await expect(again).toContainText('Enviado', { timeout: 20_000 });

  // Meta reports it delivered (a signed status webhook naming the wamid it answered): the thread moves on, live.
  const accepted = meta.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && !r.failed && JSON.stringify(r.body).includes('Segunda respuesta'));
  expect(accepted).toHaveLength(1);
  const conversations = await (await request.get(`/api/v1/conversations?search=${client}`, { headers: { authorization: 'Bearer demo-admin-token' } })).json();
  const thread = await (await request.get(`/api/v1/conversations/${conversations.data[0].id}/messages`, { headers: { authorization: 'Bearer demo-admin-token' } })).json();
  const wamid = thread.data.find((m: { body: string }) => m.body === 'Segunda respuesta').providerMessageId as string;
  expect(wamid).toMatch(/^wamid\./);
  const status = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: number.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '34600000009', phone_number_id: number.phoneNumberId }, statuses: [{ id: wamid, status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: `3465${String(stamp).slice(-7)}` }] } }] }],
  });
  const signed = await request.post(`/api/webhooks/whatsapp/${channel.publicId}`, {
    data: status,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(status).digest('hex')}` },
  });
  expect(signed.status()).toBe(200);
  await expect(again).toContainText('Entregado');
});
