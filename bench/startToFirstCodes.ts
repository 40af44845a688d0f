import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createSystemKeychain } from '../main/services/keychain/systemKeychain.js';
import { openVault } from '../main/services/vault/openVault.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Makes a vault with `count` TOTP accounts on the real keychain under a throwaway service name. */
export async function seedVault(count: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-bench-'));
  const keychainService = `twofold-bench-${randomUUID()}`;
  const vault = await openVault({ dataDir, profileId: 'default', keychain: createSystemKeychain(), keychainService });
  await vault.add(
    Array.from({ length: count }, (_, i) => ({
      issuer: `Portal ${i}`,
      accountName: `staff${i}@clinic.example`,
      secret: randomBytes(20),
      params: { kind: 'totp' as const, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0 },
    })),
  );
  await vault.close();
  return { dataDir, keychainService };
}

/**
 * From spawning the browser host to the first code on screen, with Chromium already running (its launch
 * is excluded, as the target says). The host reports how many keychain calls it made by then.
 */
export async function benchStartToFirstCodes(count: number, runs: number, hostScript: string) {
  const { dataDir, keychainService } = await seedVault(count);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const times: number[] = [];
  const keychainCalls: number[] = [];
  // Where the time goes, per run, in ms since the spawn: host listening, HTML answered, renderer
  // parsed (DOMContentLoaded), first code (the host's first screen), the app's own first code (React).
  const phases: Record<'listening' | 'html' | 'domReady' | 'vaultOpen' | 'codesServed' | 'firstCode' | 'appCode', number[]> = {
    listening: [],
    html: [],
    domReady: [],
    vaultOpen: [],
    codesServed: [],
    firstCode: [],
    appCode: [],
  };
  try {
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage();
      // "Chromium already running": its new tab has settled before the clock starts. Creating it keeps
      // Chromium busy for a few hundred ms, which the clock would otherwise count as Twofold's start-up
      // (docs/benchmarks.md: the host's vault opened ~120 ms later when spawned at once).
      await page.goto('about:blank');
      await new Promise((settled) => setTimeout(settled, 500));
      const t0 = performance.now();
      const wall0 = Date.now();
      const child = spawn(process.execPath, [hostScript], {
        env: { ...process.env, TWOFOLD_CACHE_DIR: path.join(dataDir, '.bench-code-cache'), TWOFOLD_DATA_DIR: dataDir, TWOFOLD_KEYCHAIN_SERVICE: keychainService, TWOFOLD_HOST_PORT: '0' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const url = await waitFor(() => /Twofold browser host: (http:\/\/\S+)/.exec(out)?.[1], 20_000);
      phases.listening.push(performance.now() - t0);
      await page.goto(url, { waitUntil: 'commit' });
      // Checked on every animation frame in the page: a locator's back-off polling would round the
      // moment up by as much as 100 ms. A code counts as shown from the host's first screen (a real,
      // current code, drawn before the scripts load) or from the app itself, whichever comes first.
      // Timed by the page's own clock in the frame that has it (the same machine's clock as `wall0`), not
      // when this process hears of it, which would add a DevTools round trip.
      const shownAt = async (selector: string) => {
        const at = await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent?.trim() ? performance.timeOrigin + performance.now() : 0), selector, { polling: 'raf', timeout: 20_000 });
        return (await at.jsonValue()) - wall0;
      };
      times.push(await shownAt('[data-first-screen-code], [data-testid="code"]'));
      phases.appCode.push(await shownAt('[data-testid="code"]'));
      const nav = await page.evaluate(() => {
        const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return { origin: performance.timeOrigin, responseEnd: entry?.responseEnd ?? 0, domReady: entry?.domContentLoadedEventEnd ?? 0 };
      });
      phases.html.push(nav.origin + nav.responseEnd - wall0);
      phases.domReady.push(nav.origin + nav.domReady - wall0);
      phases.firstCode.push(times[times.length - 1]!);
      const calls = await waitFor(() => /first codes served .*"keychainCalls":(\d+)/.exec(out)?.[1], 5_000);
      keychainCalls.push(Number(calls));
      // The host's log lines carry their time: when the services had the vault open, and answered the first codes.
      const loggedAt = (what: string) => Date.parse(new RegExp(`^(\\S+) info \\[host\\] ${what}`, 'm').exec(out)?.[1] ?? '') - wall0;
      phases.vaultOpen.push(loggedAt('vault opened'));
      phases.codesServed.push(loggedAt('first codes served'));
      await page.close();
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  times.sort((a, b) => a - b);
  return {
    count,
    runs,
    medianMs: median(times),
    minMs: times[0]!,
    maxMs: times[times.length - 1]!,
    keychainCalls: [...new Set(keychainCalls)],
    phaseMedians: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])) as Record<keyof typeof phases, number>,
  };
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
