import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, seedVault, waitFor } from './startToFirstCodes.js';

export interface ScrollResult {
  count: number;
  seconds: number;
  pxPerFrame: number;
  /** How far the list moved in all, in px (the list is count × row height tall). */
  travelled: number;
  frames: number;
  fps: number;
  p95FrameMs: number;
  /** Frames that took longer than two vsync intervals (a visible stutter). */
  longFrames: number;
  rowsInPage: number;
}

/**
 * Scrolls the codes list of `count` accounts in the browser host, moving it `pxPerFrame` every animation
 * frame (bouncing at the ends), and reports the frame rate Chromium's main thread kept while React
 * re-rendered the window of rows. A frame whose work overruns the vsync shows as a gap of two or more.
 */
export async function benchScroll(count: number, seconds: number, pxPerFrame: number, hostScript: string): Promise<ScrollResult> {
  const { dataDir, keychainService } = await seedVault(count);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const child = spawn(process.execPath, [hostScript], {
    env: { ...process.env, TWOFOLD_CACHE_DIR: path.join(dataDir, '.bench-code-cache'), TWOFOLD_DATA_DIR: dataDir, TWOFOLD_KEYCHAIN_SERVICE: keychainService, TWOFOLD_HOST_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await waitFor(() => /Twofold browser host: (http:\/\/\S+)/.exec(out)?.[1], 20_000);
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('[data-testid="code"]')?.textContent?.trim(), undefined, { timeout: 20_000 });
    // A string, not a function: the bench bundle keeps function names with a helper the page lacks.
    const measured = (await page.evaluate(`(${inPageScroll})(${seconds * 1000}, ${pxPerFrame})`)) as { stamps: number[]; rowsInPage: number; travelled: number };
    const gaps = measured.stamps.slice(1).map((t, i) => t - measured.stamps[i]!);
    const total = measured.stamps[measured.stamps.length - 1]! - measured.stamps[0]!;
    const sorted = [...gaps].sort((a, b) => a - b);
    return {
      count,
      seconds,
      pxPerFrame,
      travelled: measured.travelled,
      frames: gaps.length,
      fps: (gaps.length / total) * 1000,
      p95FrameMs: sorted[Math.floor(sorted.length * 0.95)]!,
      longFrames: gaps.filter((g) => g > 2 * (1000 / 60) + 1).length,
      rowsInPage: measured.rowsInPage,
    };
  } finally {
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    await exited;
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs in the page: moves the list every animation frame for `durationMs` and records frame times. */
const inPageScroll = `async (durationMs, pxPerFrame) => {
  const scroller = document.querySelector('.list-scroller');
  if (!scroller) throw new Error('no list');
  const stamps = [];
  let rowsInPage = 0;
  let direction = 1;
  let travelled = 0;
  const start = performance.now();
  await new Promise((done) => {
    const frame = (t) => {
      stamps.push(t);
      rowsInPage = Math.max(rowsInPage, scroller.querySelectorAll('[data-account-id]').length);
      const max = scroller.scrollHeight - scroller.clientHeight;
      if (scroller.scrollTop >= max - 1) direction = -1;
      else if (scroller.scrollTop <= 0) direction = 1;
      const before = scroller.scrollTop;
      scroller.scrollTop += direction * pxPerFrame;
      travelled += Math.abs(scroller.scrollTop - before);
      if (t - start < durationMs) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  return { stamps, rowsInPage, travelled };
}`;
