import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountDraft, OtpAlgorithm } from '../common/otp/otpParams.js';
import { createHandlers } from '../main/services/app/createHandlers.js';
import { ClipboardGuard } from '../main/services/clipboard/clipboardGuard.js';
import { dispatch } from '../main/services/ipc/dispatch.js';
import { memoryKeychain } from '../main/services/keychain/memoryKeychain.js';
import { silentLogger } from '../main/services/log/logger.js';
import { codeWindow } from '../main/services/otp/codeWindow.js';
import { memorySettingsStore } from '../main/services/settings/settingsStore.js';
import { openVault } from '../main/services/vault/openVault.js';

/**
 * All codes (current and next) of `count` accounts for one tick, as the codes:snapshot channel computes
 * them. Mixed algorithms and digit counts, 20-byte secrets (SHA-1) up to 64 (SHA-512).
 */
export function benchCodesPerTick(count: number, rounds: number, mode: 'steady' | 'cold') {
  const algorithms: OtpAlgorithm[] = ['SHA1', 'SHA1', 'SHA1', 'SHA256', 'SHA512'];
  const accounts: AccountDraft[] = Array.from({ length: count }, (_, i) => {
    const algorithm = algorithms[i % algorithms.length]!;
    return {
      issuer: `Portal ${i}`,
      accountName: `user${i}`,
      secret: randomBytes(algorithm === 'SHA512' ? 64 : algorithm === 'SHA256' ? 32 : 20),
      params: { kind: 'totp', algorithm, digits: 6 + (i % 3), period: 30, counter: 0 },
    };
  });
  const times: number[] = [];
  let sink = 0;
  const start = Date.now();
  for (let r = 0; r < rounds; r++) {
    // steady: consecutive periods, as the window ticks at each boundary (the previous tick's "next" is
    // this one's "current": one HMAC per account); cold: instants far apart, so both codes of every
    // account are computed afresh (two HMACs), as on the first snapshot after start.
    const at = mode === 'steady' ? start + r * 30_000 : start + r * 86_400_000 * 7;
    const t0 = performance.now();
    // The vault hands out the same decrypted key objects on every snapshot until its file changes.
    for (const a of accounts) sink += codeWindow(a.params, a.secret, at).current.length;
    times.push(performance.now() - t0);
  }
  if (sink === 0) throw new Error('no codes computed');
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { count, rounds, mode, medianMs: q(0.5), p95Ms: q(0.95), maxMs: times[times.length - 1]! };
}

/**
 * The same tick as the renderer receives it: the `codes:snapshot` answer through the IPC gate (dispatch:
 * the account list, the vault's decrypted keys, the codes, the contract's check on the way out), on a real
 * vault's files of `count` accounts. The keychain is read only when a vault opens, so an in-memory one
 * stands in for it here.
 */
export async function benchSnapshotAnswer(count: number, rounds: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-bench-snapshot-'));
  const vault = await openVault({ dataDir, keychain: memoryKeychain(), keychainService: 'twofold-bench' });
  try {
    const algorithms: OtpAlgorithm[] = ['SHA1', 'SHA1', 'SHA1', 'SHA256', 'SHA512'];
    await vault.add(
      Array.from({ length: count }, (_, i) => {
        const algorithm = algorithms[i % algorithms.length]!;
        return { issuer: `Portal ${i}`, accountName: `user${i}`, secret: randomBytes(algorithm === 'SHA512' ? 64 : algorithm === 'SHA256' ? 32 : 20), params: { kind: 'totp' as const, algorithm, digits: 6 + (i % 3), period: 30, counter: 0 } };
      }),
    );
    // Consecutive periods, as the window asks at each period's end.
    let at = Date.now();
    const clipboard = new ClipboardGuard({ writeConcealed: async () => {}, clearIfHolds: async () => false });
    const handlers = createHandlers({ vault, settings: memorySettingsStore(), clipboard, now: () => (at += 30_000), emit: () => {} });
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const answer = await dispatch(handlers, 'codes:snapshot', {}, silentLogger);
      times.push(performance.now() - t0);
      if (!answer.ok || (answer.value as { codes: unknown[] }).codes.length !== count) throw new Error('the snapshot did not answer every account');
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    return { count, rounds, medianMs: q(0.5), p95Ms: q(0.95), maxMs: times[times.length - 1]! };
  } finally {
    await vault.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
