// Runs mixed add/edit/reorder/remove/purge operations on a vault on the real keychain and prints one JSON line
// before ("begin") and after ("done") each, so the parent knows what it may expect when it kills us.
import { randomBytes } from 'node:crypto';
import { createSystemKeychain } from '../../../main/services/keychain/systemKeychain.js';
import { openVault } from '../../../main/services/vault/openVault.js';

interface Args {
  dataDir: string;
  keychainService: string;
  round: number;
  ops: number;
  seed: number;
}
const args = JSON.parse(process.argv[2] ?? '{}') as Args;

// mulberry32: a seeded generator, so a failing run can be replayed from the seed the test prints.
let state = args.seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const vault = await openVault({ dataDir: args.dataDir, keychain: createSystemKeychain(), keychainService: args.keychainService });
const status = await vault.status();
if (status.state !== 'ready' || status.message) {
  say({ event: 'not-ready', status });
  process.exit(3);
}
say({ event: 'ready' });

for (let k = 0; k < args.ops; k++) {
  const live = await vault.list();
  const roll = random();
  const target = live[Math.floor(random() * live.length)];
  if (!target || roll < 0.45) {
    const drafts = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, j) => ({
      issuer: `c-${args.round}-${k}-${j}`,
      accountName: 'staff@clinic.example',
      params: { kind: 'totp' as const, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0 },
      secret: randomBytes(20),
    }));
    const intent = drafts.map((d) => ({ issuer: d.issuer, secret: Buffer.from(d.secret).toString('hex') }));
    say({ event: 'begin', op: 'add', drafts: intent });
    const added = await vault.add(drafts);
    say({ event: 'done', op: 'add', accounts: added.map((a, i) => ({ id: a.id, ...intent[i]! })) });
  } else if (roll < 0.7) {
    const issuer = `e-${args.round}-${k}`;
    say({ event: 'begin', op: 'update', id: target.id, issuer });
    await vault.update(target.id, { issuer });
    say({ event: 'done', op: 'update', id: target.id, issuer });
  } else if (roll < 0.82) {
    // A new order of every live account: the last one first, the rest shuffled.
    const ids = live.map((a) => a.id);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    say({ event: 'begin', op: 'reorder', ids });
    await vault.reorder(ids);
    say({ event: 'done', op: 'reorder', ids });
  } else if (roll < 0.95) {
    say({ event: 'begin', op: 'remove', id: target.id });
    await vault.remove(target.id);
    say({ event: 'done', op: 'remove', id: target.id });
  } else {
    say({ event: 'begin', op: 'purge' });
    const purged = await vault.purgeRemoved(0);
    say({ event: 'done', op: 'purge', purged });
  }
}
say({ event: 'finished' });
