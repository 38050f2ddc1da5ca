import { expect, test } from '@playwright/test';
import { expectSent, postSandboxMessage, storageStateOf } from './helpers';

test('a wrong password gets a clear message that does not say which part was wrong', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(/correo/i).fill('ana@cadence.test');
  await page.getByLabel(/contraseña/i).fill('wrong');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('El correo o la contraseña no son correctos.');
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

test('the browser language picks English; Spanish otherwise', async ({ browser }) => {
  const english = await browser.newContext({ locale: 'en-US' });
  const page = await english.newPage();
  await page.goto('/login');
  await expect(page.getByRole('heading')).toHaveText('Sign in to Cadence');
  await expect(page.getByLabel('Password')).toBeVisible();
  await english.close();
  const other = await browser.newContext({ locale: 'fr-FR' });
  const fallback = await other.newPage();
  await fallback.goto('/login');
  await expect(fallback.getByRole('heading')).toHaveText('Entra en Cadence');
  await other.close();
});

test.describe('as an agent', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test') });

  test('sees the seeded inbox by tab and status, reads a thread and replies', async ({ page }) => {
    // Newest activity first: the top of Mine is a chat whose window is open.
    await page.goto('/inbox?sort=newest');
    const rows = page.getByTestId('conversation-row');
    await expect(rows.first()).toBeVisible();
    const mine = await rows.count();

    await page.getByRole('tab', { name: 'Todas' }).click();
    await expect(page).toHaveURL(/tab=all/);
    await expect.poll(() => rows.count()).toBeGreaterThan(mine);

    await page.getByRole('radio', { name: 'Cerradas' }).click();
    await expect(page).toHaveURL(/status=closed/);
    await expect(rows.first()).toBeVisible();

    await page.getByRole('radio', { name: 'Abiertas' }).click();
    await page.getByRole('tab', { name: 'Mías' }).click();
    await rows.first().click();
    const thread = page.getByTestId('thread');
    await expect(thread.getByTestId('message').first()).toBeVisible();

    const reply = `Gracias, te escribo en un momento (${Date.now()})`;
    await page.getByLabel('Respuesta').fill(reply);
    await page.getByLabel('Respuesta').press('Enter');
    const sent = thread.getByTestId('message').filter({ hasText: reply });
    await expectSent(page, sent);
    await expect(sent).toContainText('Enviado');
    await expect(page.getByLabel('Respuesta')).toHaveValue('');

    // It is stored: a reload shows it again.
    await page.reload();
    await expect(page.getByTestId('thread').getByText(reply)).toBeVisible();
  });
});

test('a signed webhook message appears live in every open browser of the workspace, and gets a reply', async ({
  browser,
  request,
}) => {
  const ana = await browser.newContext({ storageState: storageStateOf('ana@cadence.test') });
  const supervisor = await browser.newContext({ storageState: storageStateOf('supervisor@cadence.test') });
  const pages = [await ana.newPage(), await supervisor.newPage()];
  // Newest first: the new row arrives at the top (in the default order by urgency, earlier tests' conversations due sooner can push it below the rows rendered).
  for (const page of pages) {
    await page.goto('/inbox?tab=all&status=open&sort=newest');
    await expect(page.getByTestId('conversation-row').first()).toBeVisible();
  }

  const name = `Valeria Live ${Date.now()}`;
  await postSandboxMessage(request, {
    id: `e2e-${Date.now()}`,
    from: { id: `+3460${Date.now() % 10_000_000}`, name },
    text: 'Hola, ¿me podéis ayudar con una cita?',
  });

  // No reload: the row arrives over socket.io in both browsers, unread, with its deadline.
  for (const page of pages) {
    const row = page.getByTestId('conversation-row').filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row.getByLabel('Sin leer')).toBeVisible();
    await expect(row.getByTestId('deadline-chip')).toBeVisible();
  }

  const [anaPage, supervisorPage] = pages as [typeof pages[0], typeof pages[0]];
  await anaPage.getByTestId('conversation-row').filter({ hasText: name }).click();
  await expect(anaPage.getByTestId('thread')).toContainText('¿me podéis ayudar con una cita?');
  await supervisorPage.getByTestId('conversation-row').filter({ hasText: name }).click();

  await anaPage.getByLabel('Respuesta').fill('¡Claro! ¿Qué día te viene bien?');
  await anaPage.getByRole('button', { name: 'Enviar' }).click();
  // The supervisor, watching the same thread, sees Ana's reply arrive.
  await expect(supervisorPage.getByTestId('thread')).toContainText('¡Claro! ¿Qué día te viene bien?');

  await ana.close();
  await supervisor.close();
});
