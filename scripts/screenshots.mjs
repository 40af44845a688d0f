// Screenshots of the codes window for docs/: light and dark, empty and with 20 accounts.
//   npm run screenshots   (runs inside a private keyring session; needs /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const env = { ...process.env, TWOFOLD_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'twofold-shots-')), TWOFOLD_KEYCHAIN_SERVICE: `twofold-shots-${process.pid}` };

const portals = [
  ['Acme Imaging', 'front.desk@riverside-clinic.org', 'Imaging'],
  ['RadNet Referral Portal', 'mgarcia', 'Imaging'],
  ['State Medicaid Provider Portal', 'npi1457382910', 'Payers'],
  ['UR Review Portal', 'jchen@riverside-clinic.org', 'Payers'],
  ['Availity', 'riverside.billing', 'Payers'],
  ['Blue Cross Provider', 'mgarcia@riverside-clinic.org', 'Payers'],
  ['Clinic EHR', 'admin', null],
  ['Lab Results Portal', 'mgarcia', null],
  ['Pharmacy e-Prescribing', 'dr.okafor', null],
  ['Surescripts', 'okafor.a', null],
  ['DEA EPCS', 'aokafor', null],
  ['Quest Diagnostics', 'riverside-lab', null],
  ['LabCorp Link', 'riverside-front', null],
  ['Medicare PECOS', 'riverside.admin', 'Payers'],
  ['CAQH ProView', 'okafor.credentialing', null],
  ['Microsoft 365', 'mgarcia@riverside-clinic.org', null],
  ['Google Workspace', 'it@riverside-clinic.org', null],
  ['Payroll', 'mgarcia', null],
  ['VPN', 'mgarcia', null],
  ['Steam', 'clinic-breakroom', null],
];
const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const key = (i) => Array.from({ length: 32 }, (_, j) => b32[(i * 7 + j * 13) % 32]).join('');

async function startHost() {
  const child = spawn(process.execPath, [path.join(root, 'dist/host/browserHost.js')], { env: { ...env, TWOFOLD_HOST_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((resolve) => child.stdout.on('data', (c) => { out += c; const m = /host: (http:\S+)/.exec(out); if (m) resolve(m[1]); }));
  return { url, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
async function shoot(name, url, height = 760) {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 460, height }, colorScheme: scheme, deviceScaleFactor: 2 });
    await page.goto(url);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(outDir, `codes-${name}-${scheme}.png`) });
    await page.close();
  }
}

let host = await startHost();
await shoot('empty', host.url);
await host.stop();
portals.forEach(([issuer, account, group], i) => {
  const kind = issuer === 'Steam' ? 'steam' : 'totp';
  const uri = `otpauth://${kind}/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${key(i)}&issuer=${encodeURIComponent(issuer)}${i === 3 ? '&digits=8' : ''}`;
  const r = spawnSync(process.execPath, [path.join(root, 'bin/twofold.js'), 'add', uri], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
});
host = await startHost();
// `twofold add` takes no group: the groups are set through the page's own API, as the edit dialog does.
{
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => 'twofold' in window);
  const failed = await page.evaluate(async (groups) => {
    const listed = await window.twofold.invoke('accounts:list', {});
    if (!listed.ok) return listed.error.message;
    for (const a of listed.value.accounts) {
      const group = groups[a.issuer];
      if (!group) continue;
      const r = await window.twofold.invoke('accounts:update', { id: a.id, group });
      if (!r.ok) return r.error.message;
    }
    return null;
  }, Object.fromEntries(portals.filter(([, , g]) => g).map(([issuer, , group]) => [issuer, group])));
  if (failed) throw new Error(`setting groups: ${failed}`);
  await page.close();
}
// Tall enough for all 20 rows and both groups' headers.
await shoot('20-accounts', host.url, 1800);
await host.stop();
await browser.close();
console.log(`screenshots written to ${path.relative(root, outDir)}/`);
