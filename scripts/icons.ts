/*
 * Renders the app's icons (public/icons/*.svg) to the PNG sizes a web app manifest needs, with
 * the same Chromium the browser tests drive, so no network and no image library are needed.
 * Run after changing an SVG: npx tsx scripts/icons.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';

const dir = path.join(process.cwd(), 'public', 'icons');
const outputs = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon.svg', png: 'apple-touch-icon.png', size: 180 },
  { svg: 'maskable.svg', png: 'maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const { svg, png, size } of outputs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const source = await readFile(path.join(dir, svg), 'utf8');
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`);
  await page.screenshot({ path: path.join(dir, png), omitBackground: true });
  await page.close();
}
await browser.close();
