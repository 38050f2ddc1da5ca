import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoSidewaysScroll, storageStateOf } from './helpers';

/*
 * Every page, as each role that may open it: nothing scrolls sideways at any width, in Spanish
 * and English, and axe finds nothing serious or critical at phone and desktop widths, in the
 * light and the dark theme, in Spanish and English.
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
/**
 * Both languages at each width in light; the dark theme and the narrowest phone in Spanish.
 * axe runs where what it checks can differ (each width class and theme, and English once);
 * the other variants check the width, which the words and the narrowest phone do change.
 */
const VARIANTS = [
  { name: 'phone 390', viewport: PHONE, colorScheme: 'light', locale: 'es-ES', axe: true },
  { name: 'phone 390', viewport: PHONE, colorScheme: 'light', locale: 'en-US', axe: false },
  { name: 'phone 390', viewport: PHONE, colorScheme: 'dark', locale: 'es-ES', axe: true },
  { name: 'phone 360', viewport: SMALL_PHONE, colorScheme: 'light', locale: 'es-ES', axe: false },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light', locale: 'es-ES', axe: true },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light', locale: 'en-US', axe: true },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'dark', locale: 'es-ES', axe: true },
] as const;

type Watched = Window & { __inFlight: number; __settledAt: number };

/** Counts the page's requests in flight, so a visit can wait for its data without networkidle's fixed half second. */
function watchRequests() {
  const w = window as unknown as Watched;
  w.__inFlight = 0;
  w.__settledAt = performance.now();
  const real = window.fetch.bind(window);
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    w.__inFlight++;
    try {
      return await real(...args);
    } finally {
      w.__inFlight--;
      w.__settledAt = performance.now();
    }
  };
}

/** The page's data, not its loading state, is what is checked: no request in flight for 150 ms. */
async function settled(page: Page) {
  await page.waitForFunction(() => {
    const w = window as unknown as Watched;
    return w.__inFlight === 0 && performance.now() - w.__settledAt > 150;
  }, undefined, { polling: 50 });
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('h1')).toHaveCount(1);
  await settled(page);
}

/** The inbox with a conversation open: its thread, composer, deadlines. */
async function openThread(page: Page) {
  await page.goto('/inbox?tab=all&status=open');
  await page.getByTestId('conversation-row').first().click();
  await expect(page.getByTestId('thread').getByTestId('message').first()).toBeVisible();
  await settled(page);
}

for (const { name, viewport, colorScheme, locale, axe } of VARIANTS) {
  test.describe(`${name}, ${colorScheme}, ${locale}`, () => {
    test('the login page', async ({ browser }) => {
      const context = await browser.newContext({ viewport, colorScheme, locale });
      await context.addInitScript(watchRequests);
      const page = await context.newPage();
      await visit(page, '/login');
      await expectNoSidewaysScroll(page);
      if (axe) await expectAccessible(page);
      await context.close();
    });

    for (const { email, pages } of ROLES) {
      test(`every page of ${email}`, async ({ browser }) => {
        const context = await browser.newContext({ viewport, colorScheme, locale, storageState: storageStateOf(email) });
        await context.addInitScript(watchRequests);
        const page = await context.newPage();
        for (const path of pages) {
          await visit(page, path);
          await expectNoSidewaysScroll(page);
          if (axe) await expectAccessible(page);
          // Kept with the report, to be looked at: every page, at every width, theme and language.
          await page.screenshot({ path: test.info().outputPath(`${path.slice(1).replaceAll('/', '-')}.png`) });
        }
        await openThread(page);
        await expectNoSidewaysScroll(page, `a thread of ${email}`);
        if (axe) await expectAccessible(page, `a thread of ${email}`);
        // The contact's name keeps room beside a manager's wider actions (it was squeezed to nothing at 1280 px).
        expect((await page.getByTestId('thread-contact').boundingBox())?.width ?? 0).toBeGreaterThan(100);
        await page.screenshot({ path: test.info().outputPath('thread.png') });
        await context.close();
      });
    }
  });
}
