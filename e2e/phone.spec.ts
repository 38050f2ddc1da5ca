import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoSidewaysScroll, expectSent, mentionSupervisor, openAs, postSandboxMessage, postWhatsAppMessage, storageStateOf } from './helpers';

/* The agent's core flows on a phone (SPEC §17): 390 × 844, touch, one column at a time. */

const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A fixed-offset zone where it is about 3 in the morning now: the quiet-hours prompt must ask. */
function nightZone(now = new Date()) {
  const offset = (((3 - now.getUTCHours()) % 24) + 36) % 24 - 12;
  // Etc/GMT signs are inverted: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

async function openFromList(page: Page, name: string) {
  await page.getByTestId('conversation-row').filter({ hasText: name }).tap();
  await expect(page.getByTestId('thread-contact')).toHaveText(name);
  // One column: the list has made way for the thread.
  await expect(page.getByRole('list', { name: 'Conversaciones' })).toBeHidden();
}

test.describe('on a phone', () => {
  test.use({ ...phone });

  test('signs in and out through the header menu', async ({ browser }) => {
    const context = await browser.newContext({ ...phone, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel(/correo/i).fill('ana@cadence.test');
    await page.getByLabel(/contraseña/i).fill('cadence');
    await page.getByRole('button', { name: 'Entrar' }).tap();
    await expect(page.getByRole('tablist', { name: /vistas/i })).toBeVisible();
    await expectNoSidewaysScroll(page);
    // No keyboard on a touch screen: the j/k hint gives way, the sound switch stays.
    await expect(page.getByText('j/k mover', { exact: false })).toBeHidden();
    await expect(page.getByRole('button', { name: /^Sonido/ })).toBeVisible();

    // The wide header's links are folded away; the menu has every place and "sign out".
    await expect(page.getByRole('link', { name: 'Plantillas' })).toBeHidden();
    await page.getByRole('button', { name: 'Menú' }).tap();
    const menu = page.locator('#app-menu');
    await expect(menu.getByRole('link', { name: 'Plantillas' })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Perfil' })).toBeVisible();
    await expectAccessible(page, 'the open header menu');
    await menu.getByRole('link', { name: 'Perfil' }).tap();
    await expect(page).toHaveURL(/\/settings\/profile/);
    await expect(menu).toBeHidden();

    await page.getByRole('button', { name: 'Menú' }).tap();
    await page.getByRole('button', { name: 'Cerrar sesión' }).tap();
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });

  test.describe('as an agent', () => {
    test.use({ storageState: storageStateOf('ana@cadence.test') });

    test('opens a conversation, replies, sees the contact as a sheet, and goes back with the control and the browser', async ({ page, request }) => {
      const stamp = Date.now();
      const name = `Rocío movil${stamp}`;
      await postSandboxMessage(request, { id: `phone-${stamp}`, from: { id: `ph-${stamp}`, name }, text: '¿Tenéis cita el martes?' });
      await page.goto(`/inbox?tab=all&status=open&q=movil${stamp}`);
      await openFromList(page, name);
      await expectNoSidewaysScroll(page, 'the thread');

      const reply = `Sí, el martes a las 10 (${stamp})`;
      await page.getByLabel('Respuesta').fill(reply);
      await page.getByRole('button', { name: 'Enviar' }).tap();
      const sent = page.getByTestId('thread').getByTestId('message').filter({ hasText: reply });
      await expectSent(page, sent);
      await expect(sent).toContainText('Enviado');
      await expectNoSidewaysScroll(page, 'the thread after a reply');

      // The contact does not fit beside the thread: it is a modal sheet.
      await page.getByRole('button', { name: 'Contacto' }).tap();
      const sheet = page.getByRole('dialog', { name: 'Contacto' });
      await expect(sheet.getByTestId('contact-panel')).toContainText(name);
      await expectAccessible(page, 'the contact sheet');
      await sheet.getByRole('button', { name: 'Cerrar' }).tap();
      await expect(sheet).toBeHidden();

      await page.getByRole('button', { name: 'Volver a la lista' }).tap();
      await expect(page.getByTestId('conversation-row').filter({ hasText: name })).toBeVisible();
      await expect(page.getByTestId('thread')).toHaveCount(0);
      await expect(page).not.toHaveURL(/[?&]c=/);

      // The browser's back undoes opening, too.
      await openFromList(page, name);
      await page.goBack();
      await expect(page.getByTestId('conversation-row').filter({ hasText: name })).toBeVisible();
      await expect(page.getByTestId('thread')).toHaveCount(0);
    });

    test('snoozes from the menu by touch', async ({ page, request }) => {
      const stamp = Date.now();
      const name = `Nuria pospone${stamp}`;
      await postSandboxMessage(request, { id: `phone-snz-${stamp}`, from: { id: `phs-${stamp}`, name }, text: 'Mejor mañana' });
      await page.goto(`/inbox?tab=all&status=open&q=pospone${stamp}`);
      await openFromList(page, name);
      await page.getByRole('button', { name: 'Posponer' }).tap();
      const menu = page.getByRole('menu');
      await expect(menu).toBeInViewport({ ratio: 1 });
      await expectNoSidewaysScroll(page, 'the snooze menu');
      await expectAccessible(page, 'the snooze menu');
      await menu.getByRole('menuitem', { name: 'Mañana a las 9:00' }).tap();
      // A new contact's first stage falls due before 09:00 tomorrow, unless it is already night: the menu may ask first.
      const asked = page.getByTestId('snooze-prompt');
      await expect.poll(async () => (await asked.count()) > 0 || (await page.getByText('Mejor mañana').count()) === 0).toBe(true);
      if (await asked.count()) {
        await expect(asked).toBeInViewport({ ratio: 1 });
        await expectAccessible(page, 'the snooze prompt');
        await asked.getByRole('button', { name: 'Posponer igualmente' }).tap();
      }
      // Snoozed, it leaves the open list, and what is next opens: here nothing, so the list.
      await expect(page.getByText('Mejor mañana')).toHaveCount(0);
      await page.goto(`/inbox?tab=all&status=snoozed&q=pospone${stamp}`);
      await expect(page.getByTestId('conversation-row').filter({ hasText: name })).toBeVisible();
    });

    test('picks a template in a closed window, and answers the quiet-hours prompt by touch', async ({ page, request }) => {
      const stamp = Date.now();
      const name = `Tomás Móvil ${stamp}`;
      await postWhatsAppMessage(request, {
        id: `wamid.phone.${stamp}`,
        waId: `3463${String(stamp).slice(-7)}`,
        name,
        text: '¿Seguís abiertos en agosto?',
        sentAt: new Date(stamp - 2 * 24 * 3_600_000),
      });
      await page.goto(`/inbox?tab=all&status=open&q=${encodeURIComponent(name)}`);
      await openFromList(page, name);

      // It is night where the contact lives.
      await page.getByRole('button', { name: 'Contacto' }).tap();
      const sheet = page.getByRole('dialog', { name: 'Contacto' });
      await sheet.getByRole('button', { name: 'Editar' }).tap();
      await sheet.getByLabel('Zona horaria').fill(nightZone());
      await sheet.getByRole('button', { name: 'Guardar' }).tap();
      await sheet.getByRole('button', { name: 'Cerrar' }).tap();

      const composer = page.getByTestId('composer');
      const picker = composer.getByTestId('template-picker');
      await expect(picker).toBeInViewport();
      await expectNoSidewaysScroll(page, 'the template picker');
      await expectAccessible(page, 'the template picker');
      await picker.getByRole('button', { name: /retomar_conversacion/ }).tap();
      await expect(composer.getByTestId('template-preview')).toContainText('Hola Tomás');
      await composer.getByRole('button', { name: 'Enviar plantilla' }).tap();

      const prompt = page.getByRole('alertdialog');
      await expect(prompt).toBeInViewport({ ratio: 1 });
      await expectNoSidewaysScroll(page, 'the quiet-hours prompt');
      await expectAccessible(page, 'the quiet-hours prompt');
      await prompt.getByRole('button', { name: /^Enviar a las/ }).tap();
      const scheduled = page.getByTestId('thread').getByTestId('message').filter({ hasText: 'Hola Tomás' });
      await expect(scheduled).toHaveAttribute('data-status', 'scheduled');
      await expectAccessible(page, 'a scheduled message');
    });
  });

  test.describe('as a supervisor', () => {
    test.use({ storageState: storageStateOf('supervisor@cadence.test') });

    test('a mention reaches the bell live; its panel fits the screen and a tap opens the conversation', async ({ page, browser, request }) => {
      const stamp = Date.now();
      const contact = `Campana Móvil ${stamp}`;
      await postSandboxMessage(request, { id: `bell-${stamp}`, from: { id: `bell-${stamp}`, name: contact }, text: 'Necesito ayuda' });
      await page.goto('/inbox?tab=all');
      const bell = page.getByTestId('bell');
      await expect(bell).toBeInViewport({ ratio: 1 });
      // The demo's deadlines may already have left the supervisor unread notifications: read them all first.
      const count = bell.getByTestId('bell-count');
      const panel = page.getByRole('dialog', { name: 'Notificaciones' });
      await bell.tap();
      await expect(panel.getByTestId('notifications').getByRole('listitem').first()).toBeVisible();
      const markAll = panel.getByRole('button', { name: 'Marcar todo como leído' });
      if (await markAll.isEnabled()) await markAll.tap();
      await expect(count).toHaveCount(0);
      await bell.tap();
      await expect(panel).toBeHidden();

      // Ana, at her desk, mentions the supervisor in a note.
      const ana = await openAs(browser, 'ana@cadence.test', contact);
      await mentionSupervisor(ana, 'Mira esto');
      await ana.context().close();

      await expect(count).toHaveText('1');
      await bell.tap();
      await expect(panel).toBeInViewport({ ratio: 1 });
      await expectNoSidewaysScroll(page, 'the open bell');
      await expectAccessible(page, 'the open bell');
      await panel.getByRole('button', { name: `Ana García te mencionó en ${contact}` }).tap();
      await expect(page.getByTestId('thread-contact')).toHaveText(contact);
      await expect(page.getByRole('list', { name: 'Conversaciones' })).toBeHidden();
      // Read by the tap.
      await expect(count).toHaveCount(0);
    });
  });
});
