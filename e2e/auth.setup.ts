import { test as setup } from '@playwright/test';
import { logIn, storageStateOf } from './helpers';

// Logs in once per demo user and keeps the session for the specs (STYLE: log in once, reuse).
for (const email of ['ana@cadence.test', 'luis@cadence.test', 'supervisor@cadence.test', 'manager@cadence.test', 'admin@cadence.test']) {
  setup(`log in as ${email}`, async ({ page }) => {
    await logIn(page, email);
    await page.context().storageState({ path: storageStateOf(email) });
  });
}
