import { createHmac } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';

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
 * Opens `name`'s open conversation from the inbox, found by searching: in the default order by
 * urgency, a new conversation can sit below the rows the list renders once earlier tests have
 * left enough others due sooner.
 */
export async function openConversationNamed(page: Page, name: string) {
  await page.goto(`/inbox?tab=all&status=open&q=${encodeURIComponent(name)}`);
  await page.getByTestId('conversation-row').filter({ hasText: name }).click();
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

/** Posts a real WhatsApp Cloud API webhook payload, signed with the app secret (the demo channel's unless given). */
export async function postWhatsAppMessage(
  request: APIRequestContext,
  message: { id: string; waId: string; name: string; text: string; sentAt: Date },
  channel: { publicId: string; appSecret: string } = { publicId: 'demo-whatsapp', appSecret: 'demo-whatsapp-secret' },
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
  const signature = `sha256=${createHmac('sha256', channel.appSecret).update(body).digest('hex')}`;
  const response = await request.post(`/api/webhooks/whatsapp/${channel.publicId}`, {
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

/**
 * axe-core over what the page shows now (dialogs and menus included when open): fails on any
 * serious or critical violation, naming the rule and the elements, so the report says what to fix.
 */
export async function expectAccessible(page: Page, what = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = grave.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`);
  expect(report, `axe on ${what}`).toEqual([]);
}

/** Nothing on the page scrolls sideways: the document is no wider than the window. */
export async function expectNoSidewaysScroll(page: Page, what = page.url()) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what} is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

/** A new browser of `email`'s (desktop), with `contact`'s conversation open. */
export async function openAs(browser: Browser, email: string, contact: string): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(email) });
  const page = await context.newPage();
  await page.goto('/inbox?tab=all&sort=newest');
  await page.getByTestId('conversation-row').filter({ hasText: contact }).click();
  await expect(page.getByTestId('thread-contact')).toHaveText(contact);
  return page;
}

/** Writes an internal note in `page`'s open conversation that mentions the supervisor, Sergio Vidal, picked from the list. */
export async function mentionSupervisor(page: Page, text: string) {
  await page.getByRole('tab', { name: 'Nota interna' }).click();
  const note = page.getByLabel('Nota interna para el equipo');
  await note.pressSequentially(`${text} @Ser`);
  await page.getByRole('listbox', { name: 'Personas que puedes mencionar' }).getByRole('option', { name: 'Sergio Vidal' }).click();
  await note.press('Enter');
  await expect(page.getByTestId('note').filter({ hasText: text })).toBeVisible();
}
