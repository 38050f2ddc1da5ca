import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { demoURL, freshURL } from './servers';

/*
 * A team's first minutes on a fresh install (no demo; playwright.config.ts starts it): the first
 * run at /setup, an admin inviting an agent, the agent joining in a browser of their own and
 * seeing only their conversations, and a deactivation ending that agent's open session at once.
 */
test.use({ baseURL: freshURL, timezoneId: 'Europe/Madrid' });

const admin = { name: 'Marta Directora', email: 'marta@clinica-norte.test', password: 'una frase de paso bastante larga' };
const agent = { name: 'Nora Terapeuta', email: 'nora@clinica-norte.test', password: 'otra frase de paso muy larga' };
const sandboxSecret = 'clinica-norte-sandbox-secret';

/** A contact writes through the sandbox channel the admin connected, signed with its secret. */
async function contactWrites(request: APIRequestContext, publicId: string, from: { id: string; name: string }, text: string) {
  const body = JSON.stringify({ id: `${from.id}-${Date.now()}`, from, text, timestamp: new Date().toISOString() });
  const response = await request.post(`/api/webhooks/sandbox/${publicId}`, {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', sandboxSecret).update(body).digest('hex')}` },
  });
  expect(await response.json()).toMatchObject({ stored: 1 });
}

const rows = (page: Page) => page.getByTestId('conversation-row');

test('a fresh install: setup, an invited agent sees only their conversations, and deactivation ends their session', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const shot = (p: Page, name: string) => p.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await test.step('every page leads to /setup, which creates the workspace and signs the admin in', async () => {
    await page.goto('/inbox');
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel('Nombre del espacio de trabajo').fill('Clínica Norte');
    // The zone is suggested from the browser's.
    await expect(page.getByLabel('Zona horaria del espacio de trabajo')).toHaveValue('Europe/Madrid');
    await page.getByLabel('Tu nombre').fill(admin.name);
    await page.getByLabel('Tu correo electrónico').fill(admin.email);
    await page.getByLabel('Contraseña').fill(admin.password);
    await shot(page, 'setup');
    await page.getByRole('button', { name: 'Crear y entrar' }).click();
    await expect(page.getByRole('tablist', { name: /vistas/i })).toBeVisible({ timeout: 20_000 });
    expect((await request.get('/setup')).status()).toBe(404);
  });

  let token = '';
  await test.step('the admin makes an API token for the rest of the set-up', async () => {
    await page.goto('/settings/tokens');
    await page.getByLabel('Nombre del token').fill('instalación');
    await page.getByRole('button', { name: 'Crear token' }).click();
    token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).not.toBe('');
  });
  const api = (method: 'GET' | 'POST', path: string, data?: object) =>
    request.fetch(`/api/v1/${path}`, { method, data, headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
      expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
      return r.json();
    });

  let inviteUrl = '';
  await test.step('Settings → People: the admin invites an agent and gets a link to copy', async () => {
    await page.goto('/settings/people');
    const form = page.getByRole('form', { name: 'Invitar a alguien' });
    await form.getByLabel('Correo electrónico').fill(agent.email);
    await form.getByLabel('Rol').selectOption('agent');
    await form.getByRole('button', { name: 'Invitar' }).click();
    inviteUrl = (await page.getByTestId('one-time-link').textContent())!.trim();
    expect(inviteUrl).toMatch(new RegExp(`^${freshURL}/invite/`));
    await expect(page.getByTestId(`invitation-${agent.email}`)).toBeVisible();
    await shot(page, 'people-invited');
  });

  // The invitee's own browser: nothing shared with the admin's.
  const theirs = await browser.newContext({ baseURL: freshURL, locale: 'es-ES', timezoneId: 'America/Mexico_City' });
  const nora = await theirs.newPage();
  await test.step('the invitee accepts in a second browser, choosing name, password, zone and language', async () => {
    await nora.goto(inviteUrl);
    await nora.getByLabel('Tu nombre').fill(agent.name);
    await nora.getByLabel('Contraseña').fill(agent.password);
    await expect(nora.getByLabel('Tu zona horaria')).toHaveValue('America/Mexico_City');
    await nora.getByRole('button', { name: 'Unirme y entrar' }).click();
    await expect(nora.getByRole('tablist', { name: /vistas/i })).toBeVisible({ timeout: 20_000 });
    // The link was single use: opened again, it offers no form.
    const again = await browser.newPage({ baseURL: freshURL, locale: 'es-ES' });
    await again.goto(inviteUrl);
    await expect(again.getByText('Este enlace ya se usó.')).toBeVisible();
    await expect(again.getByRole('button', { name: 'Unirme y entrar' })).toHaveCount(0);
    await again.close();
  });

  await test.step('a channel routed to an `assigned` team: the agent sees the conversation given to them, not the other', async () => {
    const { data: people } = await api('GET', 'users');
    const noraId = people.find((p: { email: string }) => p.email === agent.email).id;
    const team = await api('POST', 'teams', { name: 'Terapia', visibility: 'assigned', memberIds: [noraId] });
    const channel = await api('POST', 'channels', { kind: 'sandbox', name: 'Pruebas', credentials: { appSecret: sandboxSecret } });
    // Routing is set where an admin sets it: Settings → Teams, per channel.
    await page.goto('/settings/teams');
    const routed = page.waitForResponse((r) => r.url().includes('teams.setChannelDefault') && r.ok());
    await page.getByLabel('Pruebas').selectOption(team.id);
    await routed;

    await contactWrites(request, channel.publicId, { id: 'paciente-uno', name: 'Paciente Uno' }, 'Hola, quisiera una primera cita');
    await contactWrites(request, channel.publicId, { id: 'paciente-dos', name: 'Paciente Dos' }, 'Buenas, ¿tenéis hueco?');
    const { data: conversations } = await api('GET', 'conversations?status=open');
    expect(conversations).toHaveLength(2);
    const uno = conversations.find((c: { contact: { name: string } }) => c.contact.name === 'Paciente Uno');
    await api('POST', `conversations/${uno.id}/assignee`, { userId: noraId });

    await nora.goto('/inbox?tab=all&status=open');
    await expect(rows(nora).filter({ hasText: 'Paciente Uno' })).toBeVisible();
    await expect(rows(nora)).toHaveCount(1);
    await shot(nora, 'agent-inbox');
    // The admin sees both.
    await page.goto('/inbox?tab=all&status=open');
    await expect(rows(page)).toHaveCount(2);
  });

  await test.step("deactivating the agent ends their open session: their page goes to the login form, which says why", async () => {
    await page.goto('/settings/people');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId(`person-${agent.email}`).getByRole('button', { name: 'Desactivar' }).click();
    await expect(page.getByTestId(`person-${agent.email}`)).toContainText('Desactivada');
    // Their socket is closed by the server; nobody touches their page.
    await expect(nora).toHaveURL(/\/login\?ended=1/, { timeout: 10_000 });
    await expect(nora.getByText('Tu sesión ha terminado')).toBeVisible();
    // A real team's login page offers no demo login (the demo's does).
    await expect(nora.getByText('ana@cadence.test')).toHaveCount(0);
    expect(await (await request.get(`${demoURL}/login`)).text()).toContain('ana@cadence.test');
    await shot(nora, 'agent-kicked');
    // And they cannot come back in.
    await nora.getByLabel(/correo/i).fill(agent.email);
    await nora.getByLabel(/contraseña/i).fill(agent.password);
    await nora.getByRole('button', { name: 'Entrar' }).click();
    await expect(nora.locator('form').getByRole('alert')).toBeVisible();
    await expect(nora).toHaveURL(/\/login/);
  });
  await theirs.close();
});
