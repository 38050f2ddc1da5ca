import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoSidewaysScroll, storageStateOf } from './helpers';

/*
 * Every page, as each role that may open it: at phone widths nothing scrolls sideways, and axe
 * finds nothing serious or critical, in the light and the dark theme, in Spanish and English.
 */

const AGENT = ['/inbox', '/settings/templates', '/settings/profile'];
const LEAD = [...AGENT, '/team', '/settings/teams'];
const MANAGER = [...LEAD, '/reports', '/settings/channels', '/settings/protocols', '/settings/followups', '/settings/sms'];
const ADMIN = [...MANAGER, '/settings/people', '/settings/tokens', '/settings/workspace', '/settings/audit', '/settings/dead-letters'];
const ROLES = [
  { email: 'ana@cadence.test', pages: AGENT },
  { email: 'supervisor@cadence.test', pages: LEAD },
  { email: 'manager@cadence.test', pages: MANAGER },
  { email: 'admin@cadence.test', pages: ADMIN },
];

test.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
/** Both languages at each width in light; the dark theme and the narrowest phone in Spanish (contrast and width hardly depend on the words). */
const VARIANTS = [
  { name: 'phone 390', viewport: PHONE, colorScheme: 'light', locale: 'es-ES' },
  { name: 'phone 390', viewport: PHONE, colorScheme: 'light', locale: 'en-US' },
  { name: 'phone 390', viewport: PHONE, colorScheme: 'dark', locale: 'es-ES' },
  { name: 'phone 360', viewport: SMALL_PHONE, colorScheme: 'light', locale: 'es-ES' },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light', locale: 'es-ES' },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light', locale: 'en-US' },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'dark', locale: 'es-ES' },
] as const;

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('h1')).toHaveCount(1);
  // The page's data, not its loading state, is what is checked.
  await page.waitForLoadState('networkidle');
}

/** The inbox with a conversation open: its thread, composer, deadlines. */
async function openThread(page: Page) {
  await page.goto('/inbox?tab=all&status=open');
  await page.getByTestId('conversation-row').first().click();
  await expect(page.getByTestId('thread').getByTestId('message').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
}

for (const { name, viewport, colorScheme, locale } of VARIANTS) {
  test.describe(`${name}, ${colorScheme}, ${locale}`, () => {
    test('the login page', async ({ browser }) => {
      const context = await browser.newContext({ viewport, colorScheme, locale });
      const page = await context.newPage();
      await visit(page, '/login');
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await context.close();
    });

    for (const { email, pages } of ROLES) {
      test(`every page of ${email}`, async ({ browser }) => {
        const context = await browser.newContext({ viewport, colorScheme, locale, storageState: storageStateOf(email) });
        const page = await context.newPage();
        for (const path of pages) {
          await visit(page, path);
          await expectNoSidewaysScroll(page);
          await expectAccessible(page);
          // Kept with the report, to be looked at: every page, at every width, theme and language.
          await page.screenshot({ path: test.info().outputPath(`${path.slice(1).replaceAll('/', '-')}.png`) });
        }
        await openThread(page);
        await expectNoSidewaysScroll(page, `a thread of ${email}`);
        await expectAccessible(page, `a thread of ${email}`);
        // The contact's name keeps room beside a manager's wider actions (it was squeezed to nothing at 1280 px).
        expect((await page.getByTestId('thread-contact').boundingBox())?.width ?? 0).toBeGreaterThan(100);
        await page.screenshot({ path: test.info().outputPath('thread.png') });
        await context.close();
      });
    }
  });
}
