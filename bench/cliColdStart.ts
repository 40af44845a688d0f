import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `twofold code <query>` from a cold process, wall time, on a vault of `count` accounts on the real keychain. */
export function benchCliColdStart(binScript: string, count: number, runs: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-bench-cli-'));
  const env = { ...process.env, TWOFOLD_DATA_DIR: dataDir, TWOFOLD_CACHE_DIR: path.join(dataDir, '.bench-code-cache'), TWOFOLD_KEYCHAIN_SERVICE: `twofold-bench-${randomUUID()}` };
  const run = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [binScript, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`twofold ${args[0]} failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < count; i++) run(['add', `otpauth://totp/Portal%20${i}:staff${i}?secret=JBSWY3DPEHPK3PXP${'A'.repeat(i % 8)}`]);
  const times = Array.from({ length: runs }, () => run(['code', `Portal ${count - 1}`])).sort((a, b) => a - b);
  rmSync(env.TWOFOLD_DATA_DIR, { recursive: true, force: true });
  return { count, runs, medianMs: times[Math.floor(runs / 2)]!, maxMs: times[runs - 1]! };
}
