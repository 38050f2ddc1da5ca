import { expect, test } from '@playwright/test';
import { logIn, storageStateOf } from './helpers';

test('a manager reads replies per campaign and flow, opens the conversations behind one, and sets the window', async ({ page }) => {
  await logIn(page, 'manager@cadence.test');
  await page.getByRole('link', { name: 'Atribución' }).click();
  await expect(page.getByRole('heading', { name: 'Respuestas a campañas y flujos' })).toBeVisible();
  const report = page.getByTestId('attribution-report');
  const autumn = report.getByRole('row').filter({ hasText: 'Campaña de otoño' });
  await expect(autumn).toContainText('Campaña');
  await expect(report.getByRole('row').filter({ hasText: 'Flujo de bienvenida' })).toContainText('Flujo');
  // Sends, then replies: the demo's campaign reached more people than answered it.
  const [sends, replies] = await autumn.getByRole('cell').allInnerTexts().then((cells) => cells.slice(0, 2).map((c) => Number(c.replace(/\D/g, ''))));
  expect(replies).toBeGreaterThan(0);
  expect(sends).toBeGreaterThan(replies!);
  await page.screenshot({ path: test.info().outputPath('attribution-report.png') });

  await page.getByLabel('Periodo').selectOption({ label: 'Últimos 7 días' });
  await expect(page).toHaveURL(/days=7/);

  const window = page.getByLabel('Ventana de atribución (horas)');
  await expect(window).toHaveValue('24');
  await window.fill('48');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Guardada' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Ventana de atribución (horas)')).toHaveValue('48');
  await page.getByLabel('Ventana de atribución (horas)').fill('24');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Guardada' })).toBeVisible();

  await page.getByRole('link', { name: 'Campaña de otoño' }).click();
  await expect(page).toHaveURL(/\/inbox\?.*campaign=/);
  await expect(page.getByLabel('Campaña o flujo')).toHaveValue('Campaña de otoño');
  await expect(page.getByTestId('conversation-row').first()).toBeVisible();
});

test.describe('as an agent', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test') });

  test('has no attribution report: no link, and the page does not exist', async ({ page }) => {
    await page.goto('/inbox');
    await expect(page.getByRole('link', { name: 'Bandeja' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Atribución' })).toHaveCount(0);
    const response = await page.goto('/reports');
    expect(response?.status()).toBe(404);
  });
});
