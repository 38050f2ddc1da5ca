import { expect, test } from '@playwright/test';
import { expectSent, openConversationNamed, postSandboxMessage, storageStateOf } from './helpers';

test.use({ storageState: storageStateOf('ana@cadence.test') });

test('a new conversation suggests a first message; picking it fills the first name and it goes out', async ({ page, request }) => {
  const stamp = Date.now();
  await postSandboxMessage(request, { id: `tpl-${stamp}`, from: { id: `+3463${stamp % 10_000_000}`, name: `Marta Nueva ${stamp}` }, text: 'Hola, quería información sobre las sesiones' });
  await openConversationNamed(page, `Marta Nueva ${stamp}`);

  // The conversation is in First contact, stage 1: the suggestions are first messages, in Spanish.
  const suggestions = page.getByTestId('suggestions').getByTestId('suggestion');
  await expect(suggestions.first()).toBeVisible();
  await expect(suggestions.first()).toHaveText(/Bienvenida/);
  await suggestions.first().click();
  const box = page.getByLabel('Respuesta');
  await expect(box).toHaveValue(/Marta/);
  await expect(box).not.toHaveValue(/\{\{/);
  const text = await box.inputValue();
  await box.press('Enter');
  await expectSent(page, page.getByTestId('thread').getByTestId('message').filter({ hasText: text.slice(0, 30) }));
});

test('/ opens a searchable picker usable from the keyboard, and an unfilled placeholder blocks the send', async ({ page, request }) => {
  const stamp = Date.now();
  await postSandboxMessage(request, { id: `tpl2-${stamp}`, from: { id: `+3464${stamp % 10_000_000}`, name: `Pablo Teclado ${stamp}` }, text: 'Buenas' });
  await openConversationNamed(page, `Pablo Teclado ${stamp}`);
  const box = page.getByLabel('Respuesta');
  // The box opens once the server has said the window allows free text.
  await expect(box).toBeEnabled();
  await box.focus();
  await page.keyboard.press('/');
  const search = page.getByRole('combobox', { name: 'Buscar plantilla…' });
  await expect(search).toBeFocused();
  // A booking confirmation needs the session, which this contact has not booked: it stays visible.
  await search.fill('Confirmación de sesión');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue(/\{\{session\.start\}\}/);
  await expect(page.getByTestId('composer-hint')).toContainText('Completa {{session.start}}, {{session.link}} antes de enviar.');
  await expect(page.getByRole('button', { name: 'Enviar', exact: true })).toBeDisabled();
});
