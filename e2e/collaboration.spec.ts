import { expect, test } from '@playwright/test';
import { expectSent, mentionSupervisor, openAs, postSandboxMessage, storageStateOf } from './helpers';

test('two agents on one conversation: presence, typing, a live reply and a second-reply check', async ({ browser, request }) => {
  const contact = `Dos Agentes ${Date.now()}`;
  await postSandboxMessage(request, { id: `collab-${Date.now()}`, from: { id: `collab-${Date.now()}`, name: contact }, text: '¿Me atiende alguien?' });

  const ana = await openAs(browser, 'ana@cadence.test', contact);
  const luis = await openAs(browser, 'luis@cadence.test', contact);

  // Each sees the other on the thread and on the list row.
  await expect(ana.locator('header [data-testid="viewers"] [data-person="Luis Hernández"]')).toBeVisible();
  await expect(ana.getByTestId('conversation-row').filter({ hasText: contact }).locator('[data-person="Luis Hernández"]')).toBeVisible();
  await expect(luis.locator('header [data-testid="viewers"] [data-person="Ana García"]')).toBeVisible();

  // Luis writes: Ana sees that he is replying, then his reply, with no refresh.
  const reply = `Hola, soy Luis ${Date.now()}`;
  await luis.getByLabel('Respuesta').fill(reply);
  await expect(ana.getByTestId('thread').getByTestId('typing')).toContainText('Luis Hernández está respondiendo…');
  await expect(ana.getByTestId('conversation-row').filter({ hasText: contact }).getByTestId('typing')).toBeVisible();
  await luis.getByLabel('Respuesta').press('Enter');
  await expectSent(luis, luis.getByTestId('message').filter({ hasText: reply }));
  await expect(ana.getByTestId('message').filter({ hasText: reply })).toBeVisible();
  await expect(ana.getByTestId('thread').getByTestId('typing')).toHaveCount(0);

  // Ana answering seconds later is asked first; cancelling sends nothing.
  await ana.getByLabel('Respuesta').fill('Hola, te atiendo yo');
  await ana.getByLabel('Respuesta').press('Enter');
  const check = ana.getByTestId('recent-reply');
  await expect(check).toContainText('Luis Hernández respondió hace');
  await check.getByRole('button', { name: 'No enviar' }).click();
  await expect(ana.getByTestId('message').filter({ hasText: 'Hola, te atiendo yo' })).toHaveCount(0);

  // Luis leaves: his avatar goes from Ana's screen.
  await luis.context().close();
  await expect(ana.locator('header [data-testid="viewers"] [data-person="Luis Hernández"]')).toHaveCount(0);
  await ana.context().close();
});

test('a note with a mention reaches the mentioned person’s bell, live', async ({ browser, request }) => {
  const contact = `Nota Interna ${Date.now()}`;
  await postSandboxMessage(request, { id: `note-${Date.now()}`, from: { id: `note-${Date.now()}`, name: contact }, text: 'Necesito ayuda' });
  const lead = await browser.newContext({ storageState: storageStateOf('supervisor@cadence.test') });
  const supervisor = await lead.newPage();
  await supervisor.goto('/team');
  const ana = await openAs(browser, 'ana@cadence.test', contact);

  await mentionSupervisor(ana, 'Revisa esto');
  await expect(ana.getByTestId('note')).toContainText('Revisa esto @');

  const bell = supervisor.getByTestId('bell');
  await expect(bell.getByTestId('bell-count')).toBeVisible();
  await bell.click();
  await expect(supervisor.getByTestId('notifications')).toContainText(`Ana García te mencionó en ${contact}`);
  await lead.close();
  await ana.context().close();
});

test('with browser notifications on, a mention in a background tab shows one; in front, only the bell', async ({ browser, request }) => {
  const contact = `Aviso Navegador ${Date.now()}`;
  await postSandboxMessage(request, { id: `bn-${Date.now()}`, from: { id: `bn-${Date.now()}`, name: contact }, text: 'Hola' });
  const lead = await browser.newContext({ storageState: storageStateOf('supervisor@cadence.test') });
  await lead.grantPermissions(['notifications']);
  // The operating system's side of a notification is outside our reach: record what the page asks it to show,
  // and let the test say whether the tab is in the background.
  await lead.addInitScript(() => {
    const w = window as unknown as { __shown: { title: string; body: string }[]; __hidden: boolean };
    w.__shown = [];
    w.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible') });
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded });
  });
  const supervisor = await lead.newPage();
  await supervisor.goto('/team');
  await supervisor.getByTestId('bell').click();
  await supervisor.getByLabel('Avisos del navegador').click();
  await expect(supervisor.getByText('Avisos del navegador activados')).toBeVisible();
  await supervisor.getByTestId('bell').click();

  const ana = await openAs(browser, 'ana@cadence.test', contact);
  const mention = (text: string) => mentionSupervisor(ana, text);

  // In front: the bell counts it, no browser notification.
  await mention('Primero');
  await expect(supervisor.getByTestId('bell-count')).toBeVisible();
  expect(await supervisor.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown)).toEqual([]);

  // In the background: the browser shows it, in our words.
  await supervisor.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
  await mention('Segundo');
  await expect.poll(() => supervisor.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown)).toEqual([
    { title: 'Cadence', body: expect.stringContaining(`Ana García te mencionó en ${contact}`) },
  ]);
  await lead.close();
  await ana.context().close();
});
