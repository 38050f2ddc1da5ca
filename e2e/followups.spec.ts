import { expect, test } from '@playwright/test';
import { expectSent, openNewConversation, postSandboxMessage, storageStateOf } from './helpers';

test.use({ storageState: storageStateOf('manager@cadence.test') });

/*
 * Follow-ups end to end on the demo's sandbox channel (SPEC §7): a manager creates one in
 * Settings → Follow-ups; a reply of ours schedules it, as the conversation's timeline shows; the
 * contact answering through the webhook cancels it, on the open page, without a reload.
 */
test('a follow-up made in Settings is scheduled by our reply and cancelled live when the contact answers', async ({ page, request }, testInfo) => {
  test.setTimeout(60_000);
  const name = `¿Seguimos? ${Date.now()}`;

  await page.goto('/settings/followups');
  await page.getByRole('button', { name: 'Crear seguimiento' }).click();
  const form = page.getByRole('form', { name: 'Nuevo seguimiento' });
  await form.getByLabel('Nombre').fill(name);
  await form.getByLabel('Retraso tras la última interacción').fill('4');
  await form.getByLabel('Retraso', { exact: true }).selectOption('hours');
  await form.getByLabel('WhatsApp', { exact: true }).uncheck();
  await form.getByLabel('Sandbox', { exact: true }).check();
  await expect(form.getByLabel('El último mensaje es nuestro y el contacto no ha contestado')).toBeChecked();
  await form.getByLabel('Mensaje', { exact: true }).fill('Hola {{contact.first_name}}, ¿seguimos con tu cita?');
  await expect(form.getByLabel('El contacto respondió')).toBeChecked();
  await form.getByRole('button', { name: 'Guardar' }).click();
  const row = page.getByTestId('followup').filter({ hasText: name });
  await expect(row).toContainText('4 h');
  await expect(row).toContainText('Sandbox');
  await page.screenshot({ path: testInfo.outputPath('followups-settings.png'), fullPage: true });

  // A new contact writes; our reply leaves the last message ours and unanswered: the follow-up is due 4 h later.
  const word = `seguimiento${Date.now()}`;
  await openNewConversation(page, request, word, ['Hola, ¿tenéis cita esta semana?']);
  await page.getByLabel('Respuesta').fill('Sí, ¿te va bien el jueves a las 17:00?');
  await page.getByLabel('Respuesta').press('Enter');
  await expectSent(page, page.getByTestId('thread').getByTestId('message').filter({ hasText: 'el jueves a las 17:00' }));
  const timeline = page.getByTestId('followup-timeline');
  const entry = timeline.getByRole('listitem').filter({ hasText: name });
  await expect(entry.and(page.locator('[data-status="scheduled"]'))).toHaveCount(1);
  await expect(entry).toContainText('Programado');
  await page.screenshot({ path: testInfo.outputPath('timeline-scheduled.png'), fullPage: true });

  // The contact answers through the sandbox webhook: the pending follow-up is cancelled, on screen as it happens.
  await postSandboxMessage(request, { id: `${word}-reply`, from: { id: word, name: `Contacto ${word}` }, text: 'El jueves me va perfecto' });
  await expect(page.getByTestId('thread').getByTestId('message').filter({ hasText: 'El jueves me va perfecto' })).toBeVisible();
  const cancelled = entry.and(page.locator('[data-status="cancelled"]'));
  await expect(cancelled).toHaveCount(1);
  await expect(cancelled).toHaveAttribute('data-reason', 'contact_replied');
  await expect(cancelled).toContainText('Cancelado — el contacto respondió');
  await page.screenshot({ path: testInfo.outputPath('timeline-cancelled.png'), fullPage: true });

  // The follow-up's own page counts it, and deleting it leaves the demo's other specs as they were.
  await page.goto('/settings/followups');
  await expect(row.getByTestId('count-cancelled')).toHaveText('1');
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Eliminar' }).click();
  await expect(row).toHaveCount(0);
});
