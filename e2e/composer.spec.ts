import { expect, test } from '@playwright/test';
import { expectSent, openConversationNamed, openNewConversation, postWhatsAppMessage, storageStateOf } from './helpers';

test.use({ storageState: storageStateOf('ana@cadence.test') });

test('a closed WhatsApp window blocks free text with the reason, and an approved template goes out instead', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `Tomás Ventana ${stamp}`;
  // The contact last wrote two days ago: the 24-hour window is long closed.
  await postWhatsAppMessage(request, {
    id: `wamid.e2e.${stamp}`,
    waId: `3461${String(stamp).slice(-7)}`,
    name,
    text: 'Hola, ¿seguís teniendo sesiones los jueves?',
    sentAt: new Date(stamp - 2 * 24 * 3_600_000),
  });

  await openConversationNamed(page, name);
  const composer = page.getByTestId('composer');
  await expect(composer.getByTestId('window-badge')).toHaveAttribute('data-state', 'template_only');
  await expect(composer.getByTestId('window-badge')).toContainText('Solo plantillas aprobadas');
  await expect(composer.getByTestId('window-reason')).toContainText('WhatsApp solo entrega una plantilla aprobada');

  // Free text is not offered; the templates are, the unapproved one greyed out.
  await expect(composer.getByLabel('Respuesta')).toHaveCount(0);
  const picker = composer.getByTestId('template-picker');
  await expect(picker.getByRole('button', { name: /horarios_otono/ })).toBeDisabled();
  await picker.getByRole('button', { name: /retomar_conversacion/ }).click();

  await expect(composer.getByTestId('template-preview')).toContainText('Hola Tomás, soy Ana García de Demo Clinic');
  // Its category and the rule that prices it (SPEC §13), before sending.
  await expect(composer.getByTestId('template-pricing')).toHaveText('Utilidad: WhatsApp la cobra: la ventana de 24 h está cerrada.');
  await composer.getByRole('button', { name: 'Enviar plantilla' }).click();

  const sent = page.getByTestId('thread').getByTestId('message').filter({ hasText: 'Hola Tomás, soy Ana García de Demo Clinic' });
  // Not a reply within 60 minutes: at night in the contact's zone the quiet-hours prompt asks first.
  await expectSent(page, sent);
  await expect(sent).toContainText('Plantilla');
  await expect(sent).toContainText('Enviado');
});

test('an open window shows its countdown and accepts free text', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `Inés Abierta ${stamp}`;
  await postWhatsAppMessage(request, {
    id: `wamid.e2e.open.${stamp}`,
    waId: `3462${String(stamp).slice(-7)}`,
    name,
    text: 'Hola, quería pedir información',
    sentAt: new Date(stamp - 60_000),
  });
  await openConversationNamed(page, name);
  const badge = page.getByTestId('window-badge');
  await expect(badge).toHaveAttribute('data-state', 'open');
  // 24 h minus a minute: the countdown reads 23 h 58/59 min and keeps ticking.
  await expect(badge).toContainText(/cierra en 23 h 5\d min/);
  await page.getByLabel('Respuesta').fill('¡Hola Inés! Claro, te cuento.');
  await page.getByLabel('Respuesta').press('Enter');
  await expect(page.getByTestId('thread').getByTestId('message').filter({ hasText: '¡Hola Inés! Claro, te cuento.' })).toContainText('Enviado');
});

test('a double click on Send sends the reply once (issue 14.2)', async ({ page, request }) => {
  const word = `doble${Date.now()}`;
  await openNewConversation(page, request, word);
  const text = `Una sola vez ${word}`;
  await page.getByLabel('Respuesta').fill(text);
  const composer = page.getByTestId('composer');
  await composer.getByRole('button', { name: /^(Enviar|Enviando…)$/ }).dblclick();
  const sent = page.getByTestId('thread').getByTestId('message').filter({ hasText: text });
  await expect(sent).toContainText('Enviado');
  // What the server stored, not what the screen shows: after a reload the thread comes from the database.
  await page.reload();
  await expect(page.getByTestId('thread').getByTestId('message').filter({ hasText: text })).toHaveCount(1);
});
