import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from '@playwright/test';
import { ms, percentiles } from './stats';

/*
 * `npm run bench:open` (after `npx next build`): how long opening a conversation takes in the
 * browser, from the click (or the Enter key) to the thread's messages on screen (SPEC §17:
 * p95 ≤ 100 ms on the demo). The built app runs on a fresh embedded demo database of its own;
 * Ana signs in and opens conversations of "Todas", alternating click and Enter.
 *
 * The clock is the page's own: the input event's timestamp to the animation frame after a
 * MutationObserver sees the thread's messages of that conversation. The baseline, measured in
 * the same run and the same page, is one raw round trip of `conversations.get` (the smallest
 * request an open could make): the ratio says how many round trips an open costs.
 *
 * A person's pointer or cursor rests on a row before they click or press Enter: BENCH_DWELL_MS
 * (default 150) waits that long after hovering (or focusing) the row; 0 measures an open that
 * nothing could have prepared.
 *
 * BENCH_OPENS (default 60), BENCH_PORT (default 3190).
 */
const OPENS = Number(process.env.BENCH_OPENS ?? 60);
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const DWELL_MS = Number(process.env.BENCH_DWELL_MS ?? 150);
const base = `http://127.0.0.1:${PORT}`;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cadence-bench-open-'));

const server = spawn('npx', ['tsx', 'server.ts'], {
  env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, PUBLIC_URL: base, NODE_ENV: 'production' },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
// However this script ends, the server it started goes with it.
const stopServer = () => {
  try {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
};
process.on('exit', stopServer);
async function healthy(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(500);
  }
  throw new Error('the server did not become healthy');
}

/** In the page: time from the next input event to the thread's messages on screen; `openTimed` reads it. */
async function armOpenTimer(page: Page, conversationId: string): Promise<void> {
  await page.evaluate(
    (id) => {
      (window as unknown as { openTimed: Promise<number> }).openTimed = new Promise<number>((resolve) => {
        let started = -1;
        // The first of them: Enter on a focused row also fires a click, later.
        const onInput = (event: Event) => {
          started = event.timeStamp;
          window.removeEventListener('click', onInput, true);
          window.removeEventListener('keydown', onInput, true);
        };
        window.addEventListener('click', onInput, true);
        window.addEventListener('keydown', onInput, true);
        const shown = () => document.querySelector(`[data-testid="thread"][data-conversation-id="${id}"] li`) !== null;
        const observer = new MutationObserver(() => {
          if (started < 0 || !shown()) return;
          observer.disconnect();
          // The frame after the DOM change is when it is painted.
          requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        setTimeout(() => resolve(Number.NaN), 10_000);
      });
    },
    conversationId,
  );
}

try {
  await healthy();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ locale: 'es-ES', viewport: { width: 1400, height: 1400 } });
  // tsx names the functions it compiles with a helper the page lacks.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${base}/login`);
  await page.getByLabel(/correo/i).fill('ana@cadence.test');
  await page.getByLabel(/contraseña/i).fill('cadence');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('tablist', { name: /vistas/i }).waitFor();
  const inbox = `${base}/inbox?tab=all&status=open`;
  const opens: number[] = [];
  const baseline: number[] = [];
  let count = 0;
  // Rounds: a fresh page each (nothing cached in the browser), every listed conversation opened
  // once in a shuffled order, so no open is of the row beside the last one.
  for (let round = 0; opens.length < OPENS; round++) {
    await page.goto(inbox);
    const rows = page.getByTestId('conversation-row');
    await rows.first().waitFor();
    const ids = await rows.evaluateAll((els) => els.map((e) => e.id.replace('conversation-', '')));
    count = ids.length;
    const order = ids.map((id, i) => ({ id, key: (i * 7919 + round * 104729) % 1000 })).sort((a, b) => a.key - b.key);
    for (const [i, { id }] of order.entries()) {
      if (opens.length >= OPENS) break;
      const row = page.locator(`#conversation-${id}`);
      const click = i % 2 === 0;
      if (click) await row.hover();
      else await row.focus();
      if (DWELL_MS > 0) await sleep(DWELL_MS);
      await armOpenTimer(page, id);
      if (click) await row.click();
      else await page.keyboard.press('Enter');
      const took = await page.evaluate(() => (window as unknown as { openTimed: Promise<number> }).openTimed);
      if (Number.isNaN(took)) {
        const shown = await page.evaluate(() => [String(document.activeElement?.id), location.search, document.querySelector('[data-testid="thread"]')?.outerHTML.slice(0, 300) ?? 'no thread']);
        throw new Error(`${click ? 'click' : 'Enter'} #${i} conversation ${id}: its messages did not show within 10 s (${shown.join(' | ')})`);
      }
      const raw = await page.evaluate(async (conversationId) => {
        const input = encodeURIComponent(JSON.stringify({ 0: { conversationId } }));
        const started = performance.now();
        await fetch(`/api/trpc/conversations.get?batch=1&input=${input}`).then((r) => r.json());
        return performance.now() - started;
      }, id);
      // The first round's first opens warm the server's code paths.
      if (round > 0 || i >= 3) {
        opens.push(took);
        baseline.push(raw);
      }
      await sleep(150);
    }
  }
  await browser.close();
  const o = percentiles(opens);
  const b = percentiles(baseline);
  console.log(`| measure | p50 | p95 | p99 |\n|---|---|---|---|`);
  console.log(`| open: input → messages on screen | ${ms(o.p50)} | ${ms(o.p95)} | ${ms(o.p99)} |`);
  console.log(`| baseline: one conversations.get round trip | ${ms(b.p50)} | ${ms(b.p95)} | ${ms(b.p99)} |`);
  console.log(`\nopen / round trip, p50: ${(o.p50 / b.p50).toFixed(2)}×  (${opens.length} opens, ${count} conversations a round, each round a fresh page in a shuffled order, click and Enter alternating, ${DWELL_MS} ms on the row first)`);
} finally {
  stopServer();
  await sleep(2000);
  await rm(dataDir, { recursive: true, force: true });
}
