// Dev-only: screenshots of the built renderer (dist/renderer) against the fake bridge, light and dark.
//   npx vite build --config renderer/vite.config.ts && node renderer/dev/shoot.mjs [outDir]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
const dist = path.join(root, 'dist', 'renderer');
const out = path.resolve(process.argv[2] ?? path.join(root, '.tmp', 'shots'));
mkdirSync(out, { recursive: true });

const fake = (await build({ entryPoints: [path.join(import.meta.dirname, 'fakeTwofold.ts')], bundle: true, write: false, format: 'iife', target: 'chrome120' })).outputFiles[0].text;

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
const server = createServer((req, res) => {
  const file = path.join(dist, req.url === '/' ? 'index.html' : decodeURIComponent(req.url.split('?')[0]));
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const errors = [];
async function shoot(name, fakeOpts, act, { width = 460, height = 760 } = {}) {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 2 });
    page.on('console', (m) => m.type() === 'error' && errors.push(`${name}/${scheme}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${name}/${scheme}: ${e.message}`));
    if (fakeOpts) {
      await page.addInitScript((o) => (window.__fake = o), fakeOpts);
      await page.addInitScript(fake);
    }
    await page.goto(url);
    await page.waitForTimeout(400);
    if (act) await act(page);
    await page.screenshot({ path: path.join(out, `${name}-${scheme}.png`) });
    await page.close();
  }
}

const only = process.env.SHOTS?.split(',');
const want = (n) => !only || only.includes(n);
if (want('empty')) await shoot('empty', { scenario: 'empty' });
if (want('list')) await shoot('list', { scenario: 'portals', atSecond: 12 }, async (p) => {
  await p.getByRole('listitem').nth(1).hover();
  await p.keyboard.press('ArrowDown');
});
if (want('warning')) await shoot('warning', { scenario: 'portals', atSecond: 25.5 }, async (p) => {
  await p.getByRole('listitem').first().click();
  await p.waitForTimeout(300);
});
if (want('add')) await shoot('add', { scenario: 'portals' }, async (p) => {
  await p.getByRole('button', { name: 'Add account' }).click();
  await p.getByRole('dialog').getByRole('textbox').first().fill('otpauth://totp/Broken?secret=JBSWY3DPEHPK3PX1');
  await p.getByRole('dialog').getByRole('button', { name: 'Add' }).click();
  await p.waitForTimeout(200);
});
if (want('addkey')) await shoot('addkey', { scenario: 'portals' }, async (p) => {
  await p.keyboard.press('Control+n');
  await p.getByRole('tab', { name: 'Type key' }).click();
  await p.getByRole('button', { name: 'Advanced' }).click();
  await p.getByRole('textbox', { name: 'Issuer' }).fill('Acme Imaging');
}, { height: 860 });
if (want('edit')) await shoot('edit', { scenario: 'portals' }, async (p) => {
  await p.getByRole('listitem').nth(2).click();
  await p.keyboard.press('F2');
  await p.waitForTimeout(200);
});
if (want('removed')) await shoot('removed', { scenario: 'portals' }, async (p) => {
  await p.getByRole('listitem').nth(0).click();
  await p.keyboard.press('Delete');
  await p.waitForTimeout(200);
});
if (want('search')) await shoot('search', { scenario: 'portals' }, async (p) => {
  await p.keyboard.press('/');
  await p.keyboard.type('payers');
  await p.keyboard.press('ArrowDown');
});
if (want('settings')) await shoot('settings', { scenario: 'portals', clearSeconds: 45 }, async (p) => {
  await p.keyboard.press('Control+,');
  await p.waitForTimeout(250);
});
if (want('settingserror')) await shoot('settingserror', { scenario: 'portals', failSettings: true }, async (p) => {
  await p.getByRole('button', { name: 'Settings' }).click();
  await p.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await p.waitForTimeout(250);
});
if (want('copied')) await shoot('copied', { scenario: 'portals' }, async (p) => {
  await p.getByRole('listitem').first().click();
  await p.waitForTimeout(2300);
});
if (want('cleared')) await shoot('cleared', { scenario: 'portals', clearSeconds: 2 }, async (p) => {
  await p.getByRole('listitem').first().click();
  await p.waitForTimeout(2500);
});
if (want('keychain')) await shoot('keychain', { scenario: 'keychain' });
if (want('nobridge')) await shoot('nobridge', null);
if (want('thousand')) await shoot('thousand', { scenario: 'thousand' }, async (p) => {
  await p.keyboard.press('ArrowDown');
  for (let i = 0; i < 3; i++) await p.keyboard.press('PageDown');
  console.log('thousand: rows in DOM', await p.getByRole('listitem').count(), 'selected', await p.locator('[aria-current=true]').getAttribute('data-account-id'), 'focused', await p.evaluate(() => document.activeElement?.getAttribute('data-account-id')));
});

await browser.close();
server.close();
console.log(errors.length ? `console errors:\n${errors.join('\n')}` : 'no console errors');
console.log(`screenshots in ${out}`);
