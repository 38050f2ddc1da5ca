import { expect, test } from '@playwright/test';
import { openNewConversation, postSandboxMessage, storageStateOf } from './helpers';

// Screenshots to look at by eye; outside the repo.
const shot = (name: string) => `${process.env.E2E_SHOTS ?? '/tmp/cadence-e2e-shots'}/${name}.png`;

test.describe('as an agent', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test') });

  test('a chip tells the due time on hover and in the thread; closing cancels the stages and the chip leaves the list', async ({ page, request }) => {
    const word = `plazo${Date.now()}`;
    await openNewConversation(page, request, word, ['Hola, ¿tenéis hueco esta semana?']);
    const row = page.getByTestId('conversation-row').filter({ hasText: word });
    const chip = row.getByTestId('deadline-chip');
    await expect(chip).toBeVisible();
    // Whatever the hour: a due time in the agent's zone ("vence hoy 11:00", "vence mañana 10:42"), never a bare duration on hover.
    await expect(chip).toHaveAttribute('title', /^Primer contacto: Primer mensaje · .*vence (hoy|mañana) \d\d:\d\d$/);
    const bar = page.getByTestId('deadlines-bar');
    const first = bar.getByTestId('deadline-chip').filter({ hasText: 'Primer mensaje' });
    await expect(first).toContainText(/vence (hoy|mañana) \d\d:\d\d/);
    await expect(first).toHaveAttribute('title', /vence (hoy|mañana) \d\d:\d\d/);
    // The calendar stages count down in real time with the one duration format, due time beside.
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Segundo mensaje' })).toContainText(/quedan (23 h \d+ min|1 d)|quedan 23 h/);
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Segundo mensaje' })).toContainText(/vence mañana \d\d:\d\d/);
    await first.hover();
    await page.screenshot({ path: shot('deadlines-thread-es') });

    await page.getByRole('button', { name: 'Cerrar (e)' }).click();
    // Closed, it leaves the open list and the next conversation opens (SPEC §17); the closed list has it, without a chip.
    await expect(row).toHaveCount(0);
    await page.goto(`/inbox?tab=all&status=closed&q=${word}`);
    await expect(page.getByTestId('conversation-row').filter({ hasText: word })).toBeVisible();
    await expect(page.getByTestId('conversation-row').filter({ hasText: word }).getByTestId('deadline-chip')).toHaveCount(0);
    await page.getByTestId('conversation-row').filter({ hasText: word }).click();
    await expect(page.getByTestId('conversation-status')).toHaveText('Cerrada');
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Primer mensaje' })).toContainText('cancelado');
    await expect(bar.getByTestId('deadline-chip').filter({ hasText: 'Tercer mensaje' })).toContainText('cancelado');
    // Reopened, nothing comes back.
    await page.getByRole('button', { name: 'Reabrir' }).click();
    await expect(page.getByTestId('conversation-status')).toHaveText('Abierta');
    await expect(page.getByTestId('deadlines-bar').getByTestId('deadline-chip').filter({ hasText: 'Primer mensaje' })).toContainText('cancelado');
  });

  test('snoozing past a pending required deadline asks first; keeping it changes nothing, "anyway" snoozes', async ({ page, request }) => {
    const word = `pospon${Date.now()}`;
    await openNewConversation(page, request, word);
    await page.getByRole('button', { name: /Posponer/ }).click();
    await page.getByRole('menuitem', { name: 'La semana que viene' }).click();
    const prompt = page.getByTestId('snooze-prompt');
    await expect(prompt).toContainText(/^«Primer mensaje» vence (hoy|mañana) \d\d:\d\d\. ¿Posponer hasta el \d+ \S+ a las 09:00 de todos modos\?/);
    await page.screenshot({ path: shot('snooze-prompt-es') });
    await prompt.getByRole('button', { name: 'No posponer' }).click();
    await expect(prompt).toHaveCount(0);
    await expect(page.getByTestId('conversation-status')).toHaveText('Abierta');

    await page.getByRole('menuitem', { name: 'La semana que viene' }).click();
    await prompt.getByRole('button', { name: 'Posponer igualmente' }).click();
    // Snoozed, it leaves the open list and the next conversation (if any) opens (SPEC §17): the snoozed list has it.
    await expect(prompt).toHaveCount(0);
    await page.goto(`/inbox?tab=all&status=snoozed&q=${word}`);
    await expect(page.getByTestId('conversation-row').filter({ hasText: word })).toBeVisible();
  });

  test('search reads a leading international 00 as +', async ({ page, request }) => {
    const stamp = Date.now();
    const digits = `6${String(stamp).slice(-8)}`;
    await postSandboxMessage(request, { id: `intl-${stamp}`, from: { id: `+34${digits}`, name: `Olga Internacional ${stamp}`, phone: `+34 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}` }, text: 'Hola' });
    await page.goto(`/inbox?tab=all&status=open&q=0034${digits}`);
    await expect(page.getByTestId('conversation-row')).toHaveCount(1);
    await expect(page.getByTestId('conversation-row')).toContainText(`Olga Internacional ${stamp}`);
  });

  test('an agent lands on Mine', async ({ page }) => {
    await page.goto('/inbox');
    await expect(page.getByRole('tab', { name: 'Mías' })).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('as an agent, in English', () => {
  test.use({ storageState: storageStateOf('ana@cadence.test'), locale: 'en-US' });

  test('the chips and the snooze prompt speak English', async ({ page, request }) => {
    const word = `due${Date.now()}`;
    await openNewConversation(page, request, word, ['Hello, is there a slot on Friday?']);
    // The built-in stages are named in the reader's language.
    const first = page.getByTestId('deadlines-bar').getByTestId('deadline-chip').filter({ hasText: 'First message' });
    await expect(first).toContainText(/due (today|tomorrow) \d\d:\d\d/);
    await expect(first).toHaveAttribute('title', /due (today|tomorrow) \d\d:\d\d/);
    await page.getByRole('button', { name: /Snooze/ }).click();
    await page.getByRole('menuitem', { name: /next week/i }).click();
    await expect(page.getByTestId('snooze-prompt')).toContainText(/^“First message” is due (today|tomorrow) \d\d:\d\d; snooze until \S+ \d+ 09:00 anyway\?/);
    await page.screenshot({ path: shot('snooze-prompt-en') });
  });
});

test.describe('as a supervisor with nothing assigned', () => {
  test.use({ storageState: storageStateOf('supervisor@cadence.test') });

  test('lands on All, not an empty Mine; a tab in the URL wins', async ({ page }) => {
    await page.goto('/inbox');
    await expect(page).toHaveURL(/tab=all/);
    await expect(page.getByRole('tab', { name: 'Todas' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('conversation-row').first()).toBeVisible();
    await page.goto('/inbox?tab=mine');
    await expect(page.getByRole('tab', { name: 'Mías' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the breach list names the contact and channel and opens the conversation in the list that has it', async ({ page }) => {
    await page.goto('/team');
    const ana = page.getByTestId('team-row').filter({ hasText: 'Ana García' });
    await ana.getByTestId('team-breaches-15').click();
    const link = page.getByTestId('breach-list').getByTestId('breach-link').filter({ hasText: 'Sofía Plazo' }).first();
    await expect(link).toHaveAttribute('href', /status=(open|snoozed|closed)&c=/);
    await page.screenshot({ path: shot('team-breaches-es') });
    await link.click();
    await expect(page.getByTestId('thread')).toBeVisible();
    await expect(page.getByTestId('conversation-row').filter({ hasText: 'Sofía Plazo' })).toBeVisible();
  });
});
