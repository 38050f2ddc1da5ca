import { expect, test } from '@playwright/test';
import { openNewConversation, postSandboxMessage, storageStateOf } from './helpers';

test.use({ storageState: storageStateOf('ana@cadence.test') });

test('filter by channel, snooze for tomorrow: it leaves the open tab and comes back when the contact writes', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `Nora Pospone ${stamp}`;
  const from = { id: `+3465${stamp % 10_000_000}`, name };
  await postSandboxMessage(request, { id: `snz-${stamp}`, from, text: 'Hola, os escribo mañana mejor' });

  // Newest first: the new conversation is at the top, whatever else is due sooner.
  await page.goto('/inbox?tab=all&status=open&sort=newest');
  await page.getByLabel('Canal', { exact: true }).selectOption('sandbox');
  await expect(page).toHaveURL(/channel=sandbox/);
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Sandbox');

  const row = rows.filter({ hasText: name });
  await row.click();
  await expect(page.getByTestId('contact-panel')).toContainText(name);
  await expect(page.getByTestId('contact-local-time')).toBeVisible();

  // s opens the snooze menu from the keyboard; Escape closes it and gives focus back.
  await page.getByTestId('thread').click();
  await page.keyboard.press('s');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Posponer/ })).toBeFocused();
  await page.keyboard.press('s');
  await page.getByRole('menuitem', { name: 'Mañana a las 9:00' }).click();
  // A new contact's first stage is due within two business hours: when that falls before 09:00 tomorrow, the menu asks first.
  const asked = page.getByTestId('snooze-prompt');
  await expect(asked.or(page.getByTestId('thread-contact').filter({ hasNotText: name }))).toBeVisible();
  if (await asked.count()) await asked.getByRole('button', { name: 'Posponer igualmente' }).click();
  // The snoozed one leaves the list and the next conversation opens (SPEC §17).
  await expect(page.getByTestId('thread-contact')).not.toHaveText(name);
  await expect(rows.filter({ hasText: name })).toHaveCount(0);

  await page.getByRole('radio', { name: 'Pospuestas' }).click();
  await expect(rows.filter({ hasText: name })).toBeVisible();
  await page.getByRole('radio', { name: 'Abiertas' }).click();
  await expect(rows.filter({ hasText: name })).toHaveCount(0);

  // The contact writes: the conversation is open again, live, without a reload.
  await postSandboxMessage(request, { id: `snz2-${stamp}`, from, text: 'Al final puedo hoy' });
  await expect(rows.filter({ hasText: name })).toBeVisible();
  await expect(rows.filter({ hasText: name })).toContainText('Al final puedo hoy');
});

test('search finds a phone whatever its formatting, and the view is in the URL', async ({ page, request }) => {
  const stamp = Date.now();
  const digits = `6${String(stamp).slice(-8)}`;
  await postSandboxMessage(request, { id: `srch-${stamp}`, from: { id: `+34${digits}`, name: `Iker Búsqueda ${stamp}`, phone: `+34${digits}` }, text: 'Hola' });
  await page.goto('/inbox?tab=all&status=open');
  await expect(page.getByTestId('conversation-row').first()).toBeVisible();
  const formatted = `+34 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
  await page.keyboard.press('/');
  await page.keyboard.type(formatted);
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('conversation-row')).toHaveCount(1);
  await expect(page.getByTestId('conversation-row')).toContainText(`Iker Búsqueda ${stamp}`);
  // A bookmarked view opens the same way.
  await page.reload();
  await expect(page.getByTestId('conversation-row')).toHaveCount(1);
});

test('oldest waiting first: who waits shows it, and a reply moves them behind those still waiting', async ({ page, request }) => {
  const stamp = Date.now();
  const word = `turno${stamp}`;
  await postSandboxMessage(request, { id: `wait-a-${stamp}`, from: { id: `wa-${stamp}`, name: `Olga ${word}` }, text: 'Hola, ¿hay alguien?' });
  await postSandboxMessage(request, { id: `wait-b-${stamp}`, from: { id: `wb-${stamp}`, name: `Pau ${word}` }, text: 'Yo también' });

  await page.goto(`/inbox?tab=all&status=open&q=${word}`);
  const rows = page.getByTestId('conversation-row');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Orden').selectOption({ label: 'Más espera' });
  await expect(page).toHaveURL(/sort=waiting/);
  await expect(rows.nth(0)).toContainText(`Olga ${word}`);
  await expect(rows.nth(1)).toContainText(`Pau ${word}`);
  for (const row of await rows.all()) await expect(row.getByTestId('waiting-since')).toHaveText(/^espera \d+/);

  await rows.nth(0).click();
  await page.getByLabel('Respuesta').fill('Hola Olga, ya estoy contigo');
  await page.getByRole('button', { name: 'Enviar' }).click();
  // Answered: Olga no longer waits and goes after Pau, live.
  await expect(rows.nth(0)).toContainText(`Pau ${word}`);
  await expect(rows.nth(1)).toContainText(`Olga ${word}`);
  await expect(rows.nth(1).getByTestId('waiting-since')).toHaveCount(0);
  await expect(rows.nth(0).getByTestId('waiting-since')).toBeVisible();
});

test('a long thread opens on its newest 50 messages and loads one older page each time the reader reaches the top', async ({ page, request }) => {
  await openNewConversation(page, request, `hilo${Date.now()}`, Array.from({ length: 120 }, (_, i) => `Mensaje número ${i + 1}`));
  const thread = page.getByTestId('thread');
  const messages = thread.getByTestId('message');
  const numbered = (n: number) => thread.getByText(`Mensaje número ${n}`, { exact: true });
  await expect(numbered(120)).toBeInViewport();
  // The template picker makes the composer taller: the newest message stays in view.
  await page.getByRole('button', { name: 'Plantillas' }).click();
  await expect(numbered(120)).toBeInViewport();
  await page.getByRole('button', { name: 'Plantillas' }).click();
  await expect(messages).toHaveCount(50);
  await expect(messages.first().getByText('Mensaje número 71', { exact: true })).toBeVisible();

  // At the very top, one page arrives and the reader stays on the message they were reading.
  await thread.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(100);
  // And only one: nothing more is asked for while the reader stays there.
  await page.waitForLoadState('networkidle');
  await expect(messages).toHaveCount(100);
  await expect(numbered(71)).toBeInViewport();
  await expect(numbered(21)).not.toBeInViewport();
  await expect(thread.getByRole('button', { name: 'Ver mensajes anteriores' })).toBeVisible();

  await thread.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(120);
  await expect(numbered(21)).toBeInViewport();
  await expect(messages.first().getByText('Mensaje número 1', { exact: true })).toBeVisible();
  await expect(thread.getByRole('button', { name: 'Ver mensajes anteriores' })).toHaveCount(0);
});

test("the contact panel shows an order posted through the API while the thread is open, without a reload", async ({ page, request }) => {
  const stamp = Date.now();
  const word = `pedido${stamp}`;
  await openNewConversation(page, request, word, ['Hola, acabo de comprar']);
  const panel = page.getByTestId('contact-panel');
  await expect(panel).toContainText('Sin pedidos.');

  const auth = { authorization: 'Bearer demo-admin-token' };
  const listed = await request.get(`/api/v1/conversations?search=${word}`, { headers: auth });
  const contactId = ((await listed.json()) as { data: { contact: { id: string } }[] }).data[0]!.contact.id;
  const posted = await request.post(`/api/v1/contacts/${contactId}/events`, {
    headers: auth,
    data: { type: 'order.placed', occurredAt: new Date().toISOString(), properties: { orderId: `A-${stamp}`, total: 45, currency: 'EUR', items: [{ name: 'Bono 3 sesiones', quantity: 1, price: 45 }] } },
  });
  expect(posted.status()).toBe(201);
  await expect(panel).toContainText(`A-${stamp}`);
  await expect(panel).toContainText('1 × Bono 3 sesiones');
  await expect(panel).not.toContainText('Sin pedidos.');
});

test("editing a contact: a wrong zone is refused naming the field, a right one sets the contact's local time", async ({ page, request }) => {
  await openNewConversation(page, request, `zona${Date.now()}`);
  const panel = page.getByTestId('contact-panel');
  await panel.getByRole('button', { name: 'Editar' }).click();
  const zone = panel.getByLabel('Zona horaria');
  await zone.fill('Marte/Base');
  await panel.getByRole('button', { name: 'Guardar' }).click();
  // In the UI's language, not the server's English (issue 19).
  await expect(panel.getByRole('alert')).toHaveText('Revisa los datos: timeZone: no es una zona horaria (por ejemplo, Europe/Madrid)');
  await page.screenshot({ path: test.info().outputPath('contact-edit-error.png') });

  await zone.fill('America/Bogota');
  await panel.getByRole('button', { name: 'Guardar' }).click();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(panel).toContainText('America/Bogota');
  // The hour in Bogotá now (or the next, should it turn while the test runs).
  const hour = Number(new Intl.DateTimeFormat('en', { hour: 'numeric', hourCycle: 'h23', timeZone: 'America/Bogota' }).format(new Date()));
  await expect(page.getByTestId('contact-local-time')).toHaveText(new RegExp(`^(${hour}|${(hour + 1) % 24}):\\d\\d:\\d\\d$`));
});
