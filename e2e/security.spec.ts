import { expect, test, type Page } from '@playwright/test';
import { logIn, postSandboxMessage } from './helpers';

/** Every CSP violation the page reports, and every console line the browser writes about one. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${location.pathname}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

test('pages and API routes carry the security headers, with a fresh nonce each time', async ({ request }) => {
  for (const path of ['/login', '/api/health', '/api/auth/csrf']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
    // PUBLIC_URL is http here: no HSTS, and cookies without Secure.
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  const nonceOf = async () => /'nonce-([^']+)'/.exec((await request.get('/login')).headers()['content-security-policy']!)![1];
  expect(await nonceOf()).not.toBe(await nonceOf());
});

test('a stored file is served with its own sandboxing policy through the running app, not the pages\' one', async ({ request }) => {
  const token = { authorization: 'Bearer demo-admin-token' };
  const list = (await (await request.get('/api/v1/conversations?limit=100', { headers: token })).json()) as { data: { id: string }[] };
  let url: string | undefined;
  for (const { id } of list.data) {
    const messages = (await (await request.get(`/api/v1/conversations/${id}/messages`, { headers: token })).json()) as { data: { attachments: { status: string; url: string | null }[] }[] };
    url = messages.data.flatMap((m) => m.attachments).find((a) => a.status === 'ready' && a.url)?.url ?? undefined;
    if (url) break;
  }
  expect(url, 'the demo has a stored photo').toBeDefined();
  const response = await request.get(url!, { headers: token });
  expect(response.status()).toBe(200);
  const csp = response.headers()['content-security-policy']!;
  expect(csp).toContain('sandbox');
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('nonce-');
  expect(response.headers()['x-frame-options']).toBe('DENY');
});

test('under the CSP, signing in, the inbox and its live updates work with no violation', async ({ page, request }) => {
  const violations = await watchCsp(page);
  await logIn(page, 'luis@cadence.test');
  const contact = `Contacto CSP ${Date.now()}`;
  await page.goto('/inbox?tab=all&sort=newest');
  await expect(page.getByTestId('conversation-row').first()).toBeVisible();
  // socket.io on the same origin still connects: a new message appears without a refresh.
  await postSandboxMessage(request, { id: `csp-${Date.now()}`, from: { id: `csp-${Date.now()}`, name: contact }, text: 'Hola' });
  await expect(page.getByTestId('conversation-row').filter({ hasText: contact })).toBeVisible();
  await page.getByTestId('conversation-row').filter({ hasText: contact }).click();
  await expect(page.getByTestId('thread-contact')).toHaveText(contact);
  expect(await violations()).toEqual([]);
});

test('after 10 failures the login page says, in Spanish, from when to try again, even with the right password', async ({ page }) => {
  const violations = await watchCsp(page);
  const email = `bloqueo-${Date.now()}@cadence.test`;
  await page.goto('/login');
  await page.getByLabel(/correo/i).fill(email);
  // The form's own alert, not Next's (empty) route announcer.
  const alert = page.locator('form').getByRole('alert');
  for (let i = 0; i < 10; i++) {
    await page.getByLabel(/contraseña/i).fill(`intento-${i}`);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(alert).toHaveText('El correo o la contraseña no son correctos.');
    await expect(page.getByRole('button', { name: 'Entrar' })).toBeEnabled();
  }
  await page.getByLabel(/contraseña/i).fill('cadence');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(alert).toHaveText(/^Demasiados intentos fallidos\. Por seguridad, espera y vuelve a intentarlo a partir de las \d{1,2}:\d{2}\.$/);
  expect(await violations()).toEqual([]);
});
