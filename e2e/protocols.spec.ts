import { expect, test } from '@playwright/test';
import { storageStateOf } from './helpers';

test.describe('as an agent', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test') });

  test('an overdue conversation shows a red chip in the list and its stages in the thread; the notice asks for acknowledgement', async ({ page }) => {
    await page.goto('/inbox?tab=mine&status=open');
    // Sorted by urgency: the seeded client Ana has not answered for two days comes first.
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Sofía Plazo' });
    await expect(row.getByTestId('deadline-chip')).toHaveAttribute('data-urgency', 'overdue');
    await expect(row.getByTestId('deadline-chip')).toContainText('vencido hace');
    await expect(row.getByTestId('deadline-chip')).toHaveClass(/text-red-700/);
    await row.click();
    const bar = page.getByTestId('deadlines-bar');
    await expect(bar).toContainText('Primer contacto');
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Primer mensaje' })).toHaveAttribute('data-urgency', 'overdue');
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Tercer mensaje' })).not.toHaveAttribute('data-urgency', 'overdue');

    // Notices are acknowledged one by one; an acknowledged one leaves the banner.
    const notice = page.getByTestId('notice-banner');
    await expect(notice).toContainText('Aviso de nivel');
    const first = await notice.getAttribute('data-notice-id');
    await notice.getByRole('button', { name: 'Entendido' }).click();
    await expect(page.locator(`[data-notice-id="${first}"]`)).toHaveCount(0);
  });

  test('cannot reach the team view', async ({ page }) => {
    await page.goto('/inbox');
    await expect(page.getByRole('link', { name: 'Equipo' })).toHaveCount(0);
    const response = await page.goto('/team');
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('team-table')).toHaveCount(0);
  });
});

test.describe('as a supervisor', () => {
  test.use({ storageState: storageStateOf('supervisor@cadence.test') });

  test("sees the agent's breaches and level, and the breaches behind the number", async ({ page }) => {
    await page.goto('/team');
    const ana = page.getByTestId('team-row').filter({ hasText: 'Ana García' });
    await expect(ana).toBeVisible();
    await expect.poll(async () => Number(await ana.getByTestId('team-breaches-15').innerText())).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await ana.getByTestId('team-level').innerText())).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('team-notices')).toContainText('Ana García');

    await ana.getByTestId('team-breaches-15').click();
    const list = page.getByTestId('breach-list');
    await expect(list).toContainText('Primer contacto: Primer mensaje');

    await ana.getByTestId('team-overdue').click();
    await expect(page.getByTestId('team-conversations')).toContainText('Sofía Plazo');
  });
});
