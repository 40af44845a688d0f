import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemKeychain } from '../../main/services/keychain/systemKeychain.js';
import { openVault } from '../../main/services/vault/openVault.js';
import { hasSecretService } from '../support/realServices.js';
import { buildWorker, runWorker } from './support/buildWorker.js';
import { CrashModel, readRaw, type WorkerLine } from './support/crashModel.js';
import { profileDir, tempDataDir } from './support/vaultFixtures.js';

const TOTAL_OPS = 200;
const KILL_ROUNDS = 10;

interface RoundResult {
  killed: boolean;
  /** The kill came while an operation had begun and not been acknowledged. */
  midOperation: boolean;
}

/** Runs the worker until it finishes or until `killAfterMs` (from spawn or from its "ready" line), feeding the model. */
function round(file: string, args: object, model: CrashModel, kill: { afterMs: number; from: 'spawn' | 'ready' } | null): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = runWorker(file, args);
    let buffered = '';
    let stderr = '';
    let killed = false;
    let midOperation = false;
    const killNow = () => {
      midOperation = model.inFlight;
      killed = child.kill('SIGKILL');
    };
    if (kill?.from === 'spawn') setTimeout(killNow, kill.afterMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, nl)) as WorkerLine;
        buffered = buffered.slice(nl + 1);
        if (line.event === 'not-ready') reject(new Error(`worker found the vault not ready: ${JSON.stringify(line.status)}`));
        if (line.event === 'ready' && kill?.from === 'ready') setTimeout(killNow, kill.afterMs);
        model.apply(line);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // A line cut in half by the kill was never acknowledged, so the unparsed tail is simply dropped.
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL' && killed, midOperation: signal === 'SIGKILL' && killed && midOperation });
      else reject(new Error(`worker exited ${code}: ${stderr}`));
    });
  });
}

describe.skipIf(!hasSecretService())('the vault under SIGKILL', () => {
  let worker: string;
  beforeAll(async () => {
    worker = await buildWorker('crashWorker');
  });
  afterAll(() => rmSync(worker, { force: true }));

  it('never loses an acknowledged account, never keeps an acknowledged removal, and never orphans a secret', async () => {
    const seed = Number(process.env.TWOFOLD_CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.info(`crash test seed ${seed} (replay with TWOFOLD_CRASH_SEED=${seed}; kill instants still vary with timing)`);
    let rng = seed;
    const random = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const dataDir = tempDataDir();
    const keychainService = `twofold-test-${randomUUID()}`;
    const dir = profileDir(dataDir);
    const model = new CrashModel();
    let kills = 0;
    let midOperationKills = 0;

    for (let r = 0; model.acknowledged < TOTAL_OPS; r++) {
      expect(r, 'too many rounds').toBeLessThan(40);
      // Mostly mid-operation kills; every fourth lands in start-up (open, repair, lock breaking).
      const kill = r >= KILL_ROUNDS ? null : r % 4 === 3 ? { afterMs: 60 + random() * 200, from: 'spawn' as const } : { afterMs: 2 + random() * 60, from: 'ready' as const };
      const args = { dataDir, keychainService, round: r, ops: TOTAL_OPS - model.acknowledged, seed: seed + r };
      const { killed, midOperation } = await round(worker, args, model, kill);
      if (killed) kills++;
      if (midOperation) midOperationKills++;
      const rawBefore = readRaw(dir);
      const vault = await openVault({ dataDir, keychain: createSystemKeychain(), keychainService });
      await model.verify(dir, vault, rawBefore);
      await vault.close();
    }
    expect(model.acknowledged).toBe(TOTAL_OPS);
    expect(kills).toBeGreaterThanOrEqual(5);
    console.info(`crash test: ${kills} kills, ${midOperationKills} of them while an operation was in flight`);
    expect(midOperationKills, 'kills that landed inside an operation').toBeGreaterThanOrEqual(3);
    expect([...model.accounts.values()].filter((a) => a.state === 'live').length).toBeGreaterThan(0);
  }, 40_000);
});
