import { createHmac } from 'node:crypto';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const storageStateOf = (email: string) => path.join(process.cwd(), 'e2e', '.auth', `${email}.json`);

export async function logIn(page: Page, email: string, password = 'cadence') {
  await page.goto('/login');
  await page.getByLabel(/correo/i).fill(email);
  await page.getByLabel(/contraseña/i).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('tablist', { name: /vistas/i })).toBeVisible();
}

/** Posts a sandbox message signed like the README's curl example. */
export async function postSandboxMessage(
  request: APIRequestContext,
  message: { id: string; from: { id: string; name: string }; text: string },
) {
  const body = JSON.stringify({ ...message, timestamp: new Date().toISOString() });
  const signature = `sha256=${createHmac('sha256', 'demo-sandbox-secret').update(body).digest('hex')}`;
  const response = await request.post('/api/webhooks/sandbox/demo-sandbox', {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(response.status()).toBe(200);
}
