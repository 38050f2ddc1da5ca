import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pngImage } from '../server/files/testing';
import { expectNoSidewaysScroll, expectSent, openNewConversation, postWhatsAppMessage, storageStateOf } from './helpers';

/*
 * Issue 18, outbound, as an agent lives it: a pasted screenshot goes to the client as a
 * picture; a file the channel cannot take is refused in the composer before any byte is sent.
 */
test.use({ storageState: storageStateOf('ana@cadence.test') });

/** What the browser does on Ctrl+V with an image on the clipboard: a paste event carrying the file. */
async function pasteImage(page: Page, bytes: Buffer, name: string) {
  await page.getByLabel('Respuesta').evaluate(
    (el, { b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([data], name, { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
    },
    { b64: bytes.toString('base64'), name },
  );
}

/** Files dragged from the desktop and let go over the reply form. */
async function dropImage(page: Page, bytes: Buffer, name: string) {
  await page.getByTestId('reply-form').evaluate(
    (form, { b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dragged = new DataTransfer();
      dragged.items.add(new File([data], name, { type: 'image/png' }));
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: dragged, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: dragged, bubbles: true, cancelable: true }));
    },
    { b64: bytes.toString('base64'), name },
  );
}

/** axe over the composer (what this spec adds); e2e/pages.spec.ts checks whole pages. */
async function expectComposerAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).include('[data-testid="composer"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(grave.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

/** Every upload the page makes, so a test can say none was made. */
function uploadsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/files') seen.push(r.url());
  });
  return seen;
}

test('an agent pastes an image into the composer and sends it on the sandbox: it shows in the thread and is sent', async ({ page, request }) => {
  const word = `Pega${Date.now()}`;
  const uploads = uploadsOf(page);
  await page.setViewportSize({ width: 1280, height: 860 });
  await openNewConversation(page, request, word, ['¿Me mandas el plano de cómo llegar?']);
  const composer = page.getByTestId('composer');
  await expect(composer.getByRole('button', { name: 'Adjuntar archivos' })).toBeEnabled();

  await pasteImage(page, pngImage({ width: 400, height: 260, seed: 77 }), 'plano.png');
  const chip = composer.getByTestId('draft-files').getByRole('listitem');
  await expect(chip).toHaveAttribute('data-state', 'ready');
  await expect(chip.getByRole('img', { name: 'plano.png' })).toBeVisible();
  await expect(chip).toContainText('Listo para enviar');
  expect(uploads).toHaveLength(1);
  await expectComposerAccessible(page, 'the composer with a file to send');
  await page.screenshot({ path: 'test-results/attach-chip.png' });

  // A file alone is a message: no text needed.
  await composer.getByRole('button', { name: 'Enviar', exact: true }).click();
  const sent = page.getByTestId('thread').getByTestId('message').filter({ has: page.locator('[data-testid="attachment"][data-kind="image"]') });
  await expectSent(page, sent);
  await expect(composer.getByTestId('draft-files')).toHaveCount(0);
  const image = sent.getByRole('img', { name: 'plano.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);
  await expect(sent).toContainText('Enviado');
  // The inbox row says what went, in the reader's words.
  await expect(page.getByTestId('conversation-row').filter({ hasText: word })).toContainText('📷 plano.png');
  await page.screenshot({ path: 'test-results/attach-sent.png' });
});

test('a file over the channel’s limit is refused before it is uploaded, with the reason and the limit; a phone fits the chips', async ({ page, request }) => {
  const stamp = Date.now();
  const name = `Irene Adjunto ${stamp}`;
  await postWhatsAppMessage(request, { id: `wamid.e2e.attach.${stamp}`, waId: `3462${String(stamp).slice(-7)}`, name, text: 'Hola, ¿me enviáis la factura?', sentAt: new Date(stamp - 60_000) });
  const uploads = uploadsOf(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/inbox?tab=all&status=open&q=${encodeURIComponent(name)}`);
  await page.getByTestId('conversation-row').filter({ hasText: name }).click();
  const composer = page.getByTestId('composer');

  // Keyboard: the paperclip is reached and opens the file chooser.
  const attach = composer.getByRole('button', { name: 'Adjuntar archivos' });
  await expect(attach).toBeEnabled();
  await attach.focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  // WhatsApp takes images up to 5 MB: a 6 MB photo may not go.
  await (await chooser).setFiles({ name: 'foto-grande.png', mimeType: 'image/png', buffer: pngImage({ seed: 78, padTo: 6 * 1024 * 1024 }) });
  const refused = composer.getByTestId('refused-files');
  await expect(refused.getByRole('listitem')).toHaveText('No se adjuntó foto-grande.png: WhatsApp admite imágenes de hasta 5 MB; este pesa 6 MB.');
  await expect(composer.getByTestId('draft-files')).toHaveCount(0);
  expect(uploads).toEqual([]);
  await page.screenshot({ path: 'test-results/attach-refused-before-upload-phone.png' });

  // What it does take goes up (dropped onto the reply), and the chip fits the phone.
  await dropImage(page, pngImage({ width: 200, height: 140, seed: 79 }), 'factura.png');
  await expect(composer.getByTestId('draft-files').getByRole('listitem')).toHaveAttribute('data-state', 'ready');
  expect(uploads).toHaveLength(1);
  await expectNoSidewaysScroll(page, 'the composer with a refusal and a file, at 360 px');
  await expectComposerAccessible(page, 'the composer with a refusal, at 360 px');
  await page.screenshot({ path: 'test-results/attach-refused-phone.png' });
  await composer.getByRole('button', { name: 'Quitar factura.png' }).click();
  await expect(composer.getByTestId('draft-files')).toHaveCount(0);
});

test('a program uploads a 12 MB document through the running server and it arrives whole; past the cap, 413', async ({ request }) => {
  const auth = { authorization: 'Bearer demo-admin-token' };
  const MB = 1024 * 1024;
  const document = Buffer.alloc(12 * MB, 'Informe de la sesión. ');
  const uploaded = await request.post('/api/v1/files', { headers: auth, multipart: { file: { name: 'informe.txt', mimeType: 'text/plain', buffer: document }, caption: 'Informe' } });
  expect(uploaded.status()).toBe(201);
  expect(await uploaded.json()).toMatchObject({ kind: 'document', mimeType: 'text/plain', size: 12 * MB, fileName: 'informe.txt', caption: 'Informe' });
  const tooLarge = await request.post('/api/v1/files', { headers: auth, multipart: { file: { name: 'enorme.txt', mimeType: 'text/plain', buffer: Buffer.alloc(26 * MB, 'x') } } });
  expect(tooLarge.status()).toBe(413);
  expect((await tooLarge.json()).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: "file: larger than this workspace's limit of 25 MB" });
  // Only the two upload paths skip the proxy: the routes that serve files keep its headers.
  const served = await request.get(`/api/v1/files/${crypto.randomUUID()}`, { headers: auth });
  expect(served.status()).toBe(404);
  expect(served.headers()['x-frame-options']).toBe('DENY');
});
