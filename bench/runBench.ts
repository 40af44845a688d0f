// `npm run bench`: the numbers issue 2 holds the authenticator to, printed with their inputs.
//   - start to first codes shown with 500 accounts in the browser host (browser launch excluded), and the
//     keychain calls it took (the same for 10 accounts as for 500);
//   - all codes of 1,000 accounts for one tick;
//   - the frame rate while the list of 1,000 accounts scrolls;
//   - `twofold code <query>` from a cold process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCliColdStart } from './cliColdStart.js';
import { benchCodesPerTick, benchSnapshotAnswer } from './codesPerTick.js';
import { machineSpeed } from './machineSpeed.js';
import { benchScroll } from './scrollFps.js';
import { benchStartToFirstCodes } from './startToFirstCodes.js';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostScript = path.join(distDir, 'host', 'browserHost.js');
const cliScript = path.resolve(distDir, '..', 'bin', 'twofold.js');
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

// `npm run bench -- startup` (or tick, scroll, cli) runs one part. `startup-ab` is not part of the
// full run: it compares this build's start-up with another build's (see startupAB below).
const only = process.argv[2];
const wants = (part: string) => !only || only === part;

console.log(`Twofold benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
const speed = machineSpeed();
console.log(`machine now: an empty \`node -e 0\` takes ${fmt(speed.emptyNodeMs)} (median of 7); ${Math.round(speed.hmacPerMs)} HMAC-SHA1 per ms on one core\n`);

for (const count of wants('startup') ? [10, 500] : []) {
  const r = await benchStartToFirstCodes(count, 11, hostScript);
  console.log(
    `start → first codes shown, ${String(count).padStart(3)} accounts (browser host, Chromium already running, ${r.runs} runs): ` +
      `median ${fmt(r.medianMs)} (min ${fmt(r.minMs)}, max ${fmt(r.maxMs)}); keychain calls: ${r.keychainCalls.join(', ')}` +
      (count === 500 ? `   [target ≤ 300 ms: ${r.medianMs <= 300 ? 'met' : 'NOT met'}]` : ''),
  );
  const p = r.phaseMedians;
  console.log(
    `    medians since spawn: host listening ${fmt(p.listening)}, page HTML ${fmt(p.html)}, DOM ready ${fmt(p.domReady)}; ` +
      `services: vault open ${fmt(p.vaultOpen)}, first codes answered ${fmt(p.codesServed)}; first code on screen ${fmt(p.firstCode)} ` +
      `(the host's first screen), the app's own (React) ${fmt(p.appCode)}`,
  );
}

// `npm run bench -- startup-ab <other>/dist/host/browserHost.js [rounds]`: start-up of another build
// (a worktree of an earlier commit, built) against this one, alternating, since single runs here move
// by ±70 ms from one minute to the next. Each round is 3 runs of each, on a vault of 500 accounts.
if (only === 'startup-ab') {
  if (!process.argv[3]) {
    console.error('usage: npm run bench -- startup-ab <other build>/dist/host/browserHost.js [rounds]');
    process.exit(2);
  }
  const other = path.resolve(process.argv[3]);
  const rounds = Number(process.argv[4] ?? 5);
  const medians: Record<'other' | 'this', number[]> = { other: [], this: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, script] of [['other', other], ['this', hostScript]] as const) {
      medians[name].push((await benchStartToFirstCodes(500, 3, script)).medianMs);
    }
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`start → first codes, 500 accounts, ${rounds} alternating rounds of 3 runs each (medians per round):`);
  console.log(`  other (${other}): ${medians.other.map((m) => m.toFixed(0)).join(', ')} ms — median ${mid(medians.other).toFixed(0)} ms`);
  console.log(`  this build: ${medians.this.map((m) => m.toFixed(0)).join(', ')} ms — median ${mid(medians.this).toFixed(0)} ms`);
}

for (const mode of wants('tick') ? (['steady', 'cold'] as const) : []) {
  const tick = benchCodesPerTick(1000, 300, mode);
  const what = mode === 'steady' ? 'one tick of the codes window (consecutive periods)' : 'a cold snapshot (nothing computed before)';
  console.log(
    `all codes (current + next) of ${tick.count} accounts, ${what}, ${tick.rounds} rounds: ` +
      `median ${fmt(tick.medianMs)}, p95 ${fmt(tick.p95Ms)}, max ${fmt(tick.maxMs)}` +
      (mode === 'steady' ? `   [target ≤ 5 ms: ${tick.medianMs <= 5 ? 'met' : 'NOT met'}]` : ''),
  );
}

if (wants('tick')) {
  const s = await benchSnapshotAnswer(1000, 200);
  console.log(
    `the codes:snapshot answer of ${s.count} accounts through the IPC gate (list, keys, codes, contract check), consecutive periods, ${s.rounds} rounds: ` +
      `median ${fmt(s.medianMs)}, p95 ${fmt(s.p95Ms)}, max ${fmt(s.maxMs)}`,
  );
}

// A brisk wheel (40 px a frame, ~2,400 px/s) and a fling (400 px a frame: half the rows new every frame).
for (const pxPerFrame of wants('scroll') ? [40, 400] : []) {
  const s = await benchScroll(1000, 4, pxPerFrame, hostScript);
  console.log(
    `scrolling the codes list, ${s.count} accounts, ${s.pxPerFrame} px every frame for ${s.seconds} s (${Math.round(s.travelled)} px in all, browser host, 900×800): ` +
      `${s.fps.toFixed(1)} frames/s, p95 frame ${fmt(s.p95FrameMs)}, ${s.longFrames} of ${s.frames} frames over two vsyncs; ` +
      `at most ${s.rowsInPage} rows in the page   [target 60 fps: ${s.fps >= 58 ? 'met' : 'NOT met'}]`,
  );
}

if (wants('cli')) {
  const cli = benchCliColdStart(cliScript, 50, 15);
  console.log(
  `\`twofold code <query>\` from a cold process, ${cli.count} accounts, ${cli.runs} runs: median ${fmt(cli.medianMs)}, max ${fmt(cli.maxMs)}` +
      `   [target ≤ 200 ms: ${cli.medianMs <= 200 ? 'met' : 'NOT met'}]`,
  );
}
