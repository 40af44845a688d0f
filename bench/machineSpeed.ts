import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

/**
 * Two figures about the machine itself, printed before the others: this CI-class VM's speed drifts by
 * a third within minutes (the same build's `twofold code` took 158 ms at one hour and 216 ms at the
 * next), so a figure means little without the machine's state at the time it was taken.
 */
export function machineSpeed() {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const starts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    starts.push(performance.now() - t);
  }
  const key = Buffer.alloc(20, 1);
  const message = Buffer.alloc(8);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < 20_000; i++) createHmac('sha1', key).update(message).digest();
    rounds.push(performance.now() - t);
  }
  return { emptyNodeMs: median(starts), hmacPerMs: 20_000 / median(rounds) };
}
