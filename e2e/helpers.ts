import { createHmac } from 'node:crypto';
import path from 'node:path';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const storageStateOf = (email: string) => path.join(process.cwd(), 'e2e', '.auth', `${email}.json`);

export async function logIn(page: Page, email: string, password = 'cadence') {
  await page.goto('/login');
  await page.getByLabel(/correo/i).fill(email);
  await page.getByLabel(/contraseña/i).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('tablist', { name: /vistas/i })).toBeVisible();
}

/** Posts a sandbox message signed like the README's curl example. */
export async function postSandboxMessage(
  request: APIRequestContext,
  message: { id: string; from: { id: string; name: string; phone?: string }; text: string },
) {
  const body = JSON.stringify({ ...message, timestamp: new Date().toISOString() });
  const signature = `sha256=${createHmac('sha256', 'demo-sandbox-secret').update(body).digest('hex')}`;
  const response = await request.post('/api/webhooks/sandbox/demo-sandbox', {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(response.status()).toBe(200);
}

/**
 * A new contact (named after a unique search word) writes through the sandbox, and the agent
 * finds the conversation by that word and opens it.
 */
export async function openNewConversation(page: Page, request: APIRequestContext, word: string, texts: string[] = ['Hola']) {
  for (const [i, text] of texts.entries()) await postSandboxMessage(request, { id: `${word}-${i}`, from: { id: word, name: `Contacto ${word}` }, text });
  await page.goto(`/inbox?tab=all&status=open&q=${word}`);
  await page.getByTestId('conversation-row').filter({ hasText: word }).click();
}

/** Posts a real WhatsApp Cloud API webhook payload, signed with the demo app secret. */
export async function postWhatsAppMessage(
  request: APIRequestContext,
  message: { id: string; waId: string; name: string; text: string; sentAt: Date },
) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '34600000001', phone_number_id: '109876543210001' },
              contacts: [{ profile: { name: message.name }, wa_id: message.waId }],
              messages: [
                {
                  from: message.waId,
                  id: message.id,
                  timestamp: String(Math.floor(message.sentAt.getTime() / 1000)),
                  type: 'text',
                  text: { body: message.text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', 'demo-whatsapp-secret').update(body).digest('hex')}`;
  const response = await request.post('/api/webhooks/whatsapp/demo-whatsapp', {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(response.status()).toBe(200);
}

/**
 * Waits for a sent message; when the send would reach the contact at night, the quiet-hours
 * prompt asks first and is answered with "send now". Runs the same by day and by night.
 */
export async function expectSent(page: Page, sent: Locator) {
  const quietHours = page.getByRole('alertdialog');
  await expect(sent.or(quietHours)).toBeVisible();
  if (await quietHours.isVisible()) await quietHours.getByRole('button', { name: 'Enviar ahora' }).click();
  await expect(sent).toBeVisible();
}
