import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Vault } from '../../../main/services/vault/vaultTypes.js';

/** One line the crash worker prints. */
export type WorkerLine =
  | { event: 'ready' | 'finished' }
  | { event: 'not-ready'; status: unknown }
  | { event: 'begin' | 'done'; op: 'add'; drafts?: { issuer: string; secret: string }[]; accounts?: { id: string; issuer: string; secret: string }[] }
  | { event: 'begin' | 'done'; op: 'update'; id: string; issuer: string }
  | { event: 'begin' | 'done'; op: 'remove'; id: string }
  | { event: 'begin' | 'done'; op: 'reorder'; ids: string[] }
  | { event: 'begin' | 'done'; op: 'purge'; purged?: number };

type Pending = Extract<WorkerLine, { op: string }>;

interface Known {
  issuer: string;
  secret: string;
  state: 'live' | 'removed' | 'purged';
}

/**
 * What the parent was told: every acknowledged operation, plus the one in flight when the worker died
 * (which may or may not have happened, but must have happened whole or not at all).
 */
export class CrashModel {
  readonly accounts = new Map<string, Known>();
  acknowledged = 0;
  /** The last acknowledged order (ids as the reorder named them); accounts added since come after. */
  private order: string[] = [];
  private pending: Pending | null = null;

  /** True while an operation has begun and not been acknowledged: a kill now lands mid-operation. */
  get inFlight(): boolean {
    return this.pending !== null;
  }

  apply(line: WorkerLine): void {
    if (line.event === 'begin') this.pending = line;
    if (line.event !== 'done') return;
    this.pending = null;
    this.acknowledged++;
    if (line.op === 'add') for (const a of line.accounts ?? []) this.accounts.set(a.id, { issuer: a.issuer, secret: a.secret, state: 'live' });
    if (line.op === 'update') this.accounts.get(line.id)!.issuer = line.issuer;
    if (line.op === 'remove') this.accounts.get(line.id)!.state = 'removed';
    if (line.op === 'reorder') this.order = line.ids;
    if (line.op === 'purge') for (const a of this.accounts.values()) if (a.state === 'removed') a.state = 'purged';
  }

  /**
   * Checks the files and the reopened vault against the model, then folds in whatever the operation in
   * flight turned out to have done. `raw*` are the files as the killed worker left them, before repair.
   */
  async verify(dir: string, vault: Vault, rawBefore: RawFiles): Promise<void> {
    // Never metadata without its secret, even before repair.
    for (const id of rawBefore.metadataIds) expect(rawBefore.entryIds, `account ${id} lost its secret`).toContain(id);
    const after = readRaw(dir);
    expect([...after.entryIds].sort(), 'orphan secret entries after repair').toEqual([...after.metadataIds].sort());
    expect(await vault.status()).toMatchObject({ state: 'ready', message: null });

    const pending = this.pending;
    this.pending = null;
    const live = new Map((await vault.list()).map((a) => [a.id, a]));
    const secrets = await vault.secrets();
    for (const [id, a] of live) {
      if (this.accounts.has(id)) continue;
      // Only the add in flight may have produced an account we were not told about.
      const intent = pending?.op === 'add' ? pending.drafts?.find((d) => d.issuer === a.issuer) : undefined;
      expect(intent, `unexpected account ${a.issuer}`).toBeDefined();
      this.accounts.set(id, { issuer: intent!.issuer, secret: intent!.secret, state: 'live' });
    }
    // Order: the accounts the last reorder named keep its order (a reorder in flight: its order or the
    // one before, whole, never a mix).
    const listed = [...live.keys()];
    const keeps = (order: string[]) => {
      const named = new Set(order);
      return JSON.stringify(listed.filter((id) => named.has(id))) === JSON.stringify(order.filter((id) => live.has(id)));
    };
    if (pending?.op === 'reorder' && keeps(pending.ids)) this.order = pending.ids;
    expect(keeps(this.order), `order ${listed.join(',')} against ${this.order.join(',')}`).toBe(true);

    for (const [id, known] of this.accounts) {
      if (pending?.op === 'update' && pending.id === id && live.get(id)?.issuer === pending.issuer) known.issuer = pending.issuer;
      if (pending?.op === 'remove' && pending.id === id && !live.has(id)) known.state = 'removed';
      if (pending?.op === 'purge' && known.state === 'removed' && !after.metadataIds.has(id)) known.state = 'purged';
      if (known.state === 'live') {
        expect(live.get(id)?.issuer, `acknowledged account ${known.issuer}`).toBe(known.issuer);
        expect(Buffer.from(secrets.get(id) ?? []).toString('hex'), `secret of ${known.issuer}`).toBe(known.secret);
      } else {
        expect(live.has(id), `removed account ${known.issuer} came back`).toBe(false);
        expect(after.metadataIds.has(id), `purged account ${known.issuer}`).toBe(known.state === 'removed');
      }
    }
  }
}

export interface RawFiles {
  metadataIds: Set<string>;
  entryIds: Set<string>;
}

export function readRaw(dir: string): RawFiles {
  const read = (name: string): unknown => {
    try {
      return JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      return null;
    }
  };
  const accounts = (read('accounts.json') as { accounts?: { id: string }[] } | null)?.accounts ?? [];
  const entries = (read('secrets.json') as { entries?: Record<string, unknown> } | null)?.entries ?? {};
  return { metadataIds: new Set(accounts.map((a) => a.id)), entryIds: new Set(Object.keys(entries)) };
}
