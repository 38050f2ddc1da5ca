import { expect, test, type Page } from '@playwright/test';
import { postSandboxMessage, storageStateOf } from './helpers';

test.use({ storageState: storageStateOf('ana@cadence.test') });

/** Contacts named after one word write in; the inbox shows just them, newest first. */
async function triageList(page: Page, request: Parameters<typeof postSandboxMessage>[0], word: string, names: string[]) {
  for (const [i, name] of names.entries()) await postSandboxMessage(request, { id: `${word}-${i}`, from: { id: `${word}-${i}`, name: `${name} ${word}` }, text: `Hola, soy ${name}` });
  await page.goto(`/inbox?tab=all&status=open&sort=newest&q=${word}`);
  const rows = page.getByTestId('conversation-row');
  await expect(rows).toHaveCount(names.length);
  return rows;
}

test('j/k move without opening or reading, Enter opens, e closes and the next opens, x picks for the bulk bar', async ({ page, request }) => {
  const word = `teclas${Date.now()}`;
  const rows = await triageList(page, request, word, ['Alba', 'Bruno', 'Celia']);
  // Newest first: Celia, Bruno, Alba.
  await rows.nth(0).click();
  await expect(page.getByTestId('thread-contact')).toHaveText(`Celia ${word}`);
  await expect(page).toHaveURL(new RegExp(`c=`));

  await page.getByTestId('thread').click();
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('data-selected', 'true');
  await expect(rows.nth(1)).toBeFocused();
  // Moving opened nothing and read nothing.
  await expect(page.getByTestId('thread-contact')).toHaveText(`Celia ${word}`);
  await expect(rows.nth(1).getByLabel('Sin leer')).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(rows.nth(1)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('thread-contact')).toHaveText(`Bruno ${word}`);
  await expect(rows.nth(1).getByLabel('Sin leer')).toHaveCount(0);

  // e closes Bruno; the next one (Alba) opens by itself.
  await page.keyboard.press('e');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('thread-contact')).toHaveText(`Alba ${word}`);

  // x picks the row the cursor is on; k and x again: two picked, counted.
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-count')).toHaveText('1 seleccionadas');
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-count')).toHaveText('2 seleccionadas');
  await page.screenshot({ path: 'test-results/triage-keys-picked.png' });
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-count')).toHaveText('1 seleccionadas');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
});

test('bulk close of three, then one undo reopens each; bulk assign to me and undo', async ({ page, request }) => {
  const word = `bloque${Date.now()}`;
  const names = ['Dario', 'Eva', 'Fidel'];
  const rows = await triageList(page, request, word, names);
  for (const box of await page.getByTestId('pick-conversation').all()) await box.check();
  await expect(page.getByTestId('bulk-count')).toHaveText('3 seleccionadas');

  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Cerrar', exact: true }).click();
  await expect(rows).toHaveCount(0);
  const toast = page.getByTestId('undo-toast');
  await expect(toast).toContainText('3 cerradas');
  await page.getByRole('radio', { name: 'Cerradas' }).click();
  await expect(rows).toHaveCount(3);
  await page.getByRole('radio', { name: 'Abiertas' }).click();

  await toast.getByRole('button', { name: 'Deshacer' }).click();
  await expect(toast).toContainText('Deshecho: 3 restauradas.');
  await expect(rows).toHaveCount(3);
  await page.reload();
  await expect(rows).toHaveCount(3);

  for (const box of await page.getByTestId('pick-conversation').all()) await box.check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Asignármelas' }).click();
  await expect(page.getByTestId('undo-toast')).toContainText('3 asignadas');
  for (const row of await rows.all()) await expect(row).toContainText('Ana García');
  await page.screenshot({ path: 'test-results/triage-bulk-assigned.png' });
  await page.getByTestId('undo-toast').getByRole('button', { name: 'Deshacer' }).click();
  await expect(page.getByTestId('undo-toast')).toContainText('Deshecho: 3 restauradas.');
  for (const row of await rows.all()) await expect(row).toContainText('Sin asignar');
});

test('a conversation arriving while the list is scrolled shows "1 nuevas" at the top; . jumps to it; the chime is optional', async ({ page, request }) => {
  // Counts the chimes the page makes.
  await page.addInitScript(() => {
    const Real = window.AudioContext;
    (window as unknown as { chimes: number }).chimes = 0;
    window.AudioContext = class extends Real {
      override createOscillator() {
        (window as unknown as { chimes: number }).chimes += 1;
        return super.createOscillator();
      }
    };
  });
  const word = `nueva${Date.now()}`;
  await page.goto('/inbox?tab=all&status=open&sort=newest');
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  await page.getByRole('button', { name: 'Sonido: no' }).click();
  await expect(page.getByRole('button', { name: 'Sonido: sí' })).toHaveAttribute('aria-pressed', 'true');

  const list = page.getByRole('list', { name: 'Conversaciones' }).locator('..');
  await list.evaluate((el) => el.scrollTo(0, 600));
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await postSandboxMessage(request, { id: `${word}-1`, from: { id: word, name: `Gala ${word}` }, text: 'Hola, ¿seguís ahí?' });
  const banner = page.getByTestId('new-arrivals');
  await expect(banner).toHaveText('↑ 1 nuevas');
  await expect.poll(() => page.evaluate(() => (window as unknown as { chimes: number }).chimes)).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/triage-new-arrivals.png' });

  await page.keyboard.press('.');
  await expect(banner).toHaveCount(0);
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeLessThan(4);
  const arrived = rows.filter({ hasText: `Gala ${word}` });
  await expect(arrived).toHaveAttribute('data-selected', 'true');

  // The choice is kept; turned off, an arrival makes no sound.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sonido: sí' })).toBeVisible();
  await page.getByRole('button', { name: 'Sonido: sí' }).click();
  await postSandboxMessage(request, { id: `${word}-2`, from: { id: `${word}-b`, name: `Hugo ${word}` }, text: 'Hola' });
  await expect(rows.filter({ hasText: `Hugo ${word}` })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { chimes: number }).chimes)).toBe(0);
});

test('English: the bulk bar and the new-arrivals button speak it', async ({ browser, request }) => {
  const context = await browser.newContext({ locale: 'en-US', storageState: storageStateOf('ana@cadence.test') });
  const page = await context.newPage();
  const word = `english${Date.now()}`;
  const rows = await triageList(page, request, word, ['Iris', 'Jon']);
  await expect(page.getByText('j/k move · Enter open · x select · . new')).toBeVisible();
  await page.getByTestId('pick-conversation').first().check();
  await page.getByTestId('pick-conversation').nth(1).check();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 selected');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Mark read' }).click();
  await expect(page.getByTestId('undo-toast')).toContainText('2 marked read');
  for (const row of await rows.all()) await expect(row.getByLabel('Unread')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/triage-english.png' });
  await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
  for (const row of await rows.all()) await expect(row.getByLabel('Unread')).toBeVisible();
  await context.close();
});
