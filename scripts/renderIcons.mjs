// Renders assets/icon.svg to the PNG sizes the shell and the installers use, in Debian's Chromium.
// Run by hand after changing the SVG: node scripts/renderIcons.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const svg = readFileSync('assets/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
for (const [file, size] of [['icon.png', 512], ['tray.png', 32], ['trayTemplate.png', 32]]) {
  await page.setViewportSize({ width: size, height: size });
  const body = file === 'trayTemplate.png' ? svg.replaceAll('url(#bg)', '#000000').replaceAll('#1b4aa6', '#000000') : svg;
  await page.setContent(`<html><body style="margin:0;background:transparent">${body.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: `assets/${file}`, omitBackground: true });
}
await browser.close();
console.log('icons written to assets/');
