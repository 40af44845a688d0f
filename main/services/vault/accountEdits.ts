import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../common/errors.js';
import { OtpParamsSchema, type AccountDraft } from '../../../common/otp/otpParams.js';
import type { AccountRecord } from './accountsFile.js';
import type { AccountPatch } from './vaultTypes.js';

// The pure half of the vault: what each operation does to the list of records, with no I/O.

const Text = z.string().max(500);
const DraftSchema = z.object({
  issuer: Text,
  accountName: Text,
  params: OtpParamsSchema,
  secret: z.instanceof(Uint8Array).refine((s) => s.length > 0 && s.length <= 1024, 'a secret of 1–1024 bytes'),
});
const PatchSchema = z.object({ issuer: Text.optional(), accountName: Text.optional(), group: Text.nullable().optional() });

export function parseDrafts(drafts: readonly AccountDraft[]): AccountDraft[] {
  return drafts.map((d) => {
    const parsed = DraftSchema.safeParse(d);
    if (!parsed.success) throw new AppError('InvalidInput', 'This account has a missing or invalid field and was not saved.');
    return parsed.data;
  });
}

/** New records placed after every existing one (soft-deleted included, so an undo never collides). */
export function newRecords(existing: readonly AccountRecord[], drafts: readonly AccountDraft[], group: string | null, now: number): AccountRecord[] {
  let order = existing.reduce((max, a) => Math.max(max, a.order), -1);
  return drafts.map((d) => ({
    id: randomUUID(),
    issuer: d.issuer,
    accountName: d.accountName,
    params: { ...d.params },
    group,
    order: ++order,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  }));
}

export function liveSorted(accounts: readonly AccountRecord[]): AccountRecord[] {
  return accounts.filter((a) => a.deletedAt === null).sort((a, b) => a.order - b.order || a.createdAt - b.createdAt);
}

export function findLive(accounts: readonly AccountRecord[], id: string): AccountRecord {
  const found = accounts.find((a) => a.id === id && a.deletedAt === null);
  if (!found) throw new AppError('NotFound', 'That account is no longer in Twofold. It may have been removed.');
  return found;
}

export function patched(record: AccountRecord, patch: AccountPatch, now: number): AccountRecord {
  const p = PatchSchema.safeParse(patch);
  if (!p.success) throw new AppError('InvalidInput', 'A name is too long or not text.');
  return {
    ...record,
    ...(p.data.issuer !== undefined ? { issuer: p.data.issuer } : {}),
    ...(p.data.accountName !== undefined ? { accountName: p.data.accountName } : {}),
    ...(p.data.group !== undefined ? { group: p.data.group } : {}),
    updatedAt: now,
  };
}

export function withCounter(record: AccountRecord, counter: number, now: number): AccountRecord {
  if (record.params.kind !== 'hotp') throw new AppError('InvalidInput', 'Only counter-based (HOTP) accounts have a counter.');
  if (!Number.isSafeInteger(counter) || counter < 0) throw new AppError('InvalidInput', 'The counter must be a whole number of 0 or more.');
  return { ...record, params: { ...record.params, counter }, updatedAt: now };
}

/** The token names the removal, not just the account, so an old token cannot undo a later removal. */
export function undoTokenFor(record: AccountRecord): string {
  return `${record.id}.${record.deletedAt}`;
}

export function parseUndoToken(token: string): { id: string; deletedAt: number } {
  const m = /^([0-9a-f-]{36})\.(\d+(?:\.\d+)?)$/.exec(token);
  if (!m) throw new AppError('InvalidInput', 'This undo is not valid any more.');
  return { id: m[1]!, deletedAt: Number(m[2]) };
}

/** New `order` values: listed ids first, in the given order, then everyone else as they were. */
export function reordered(accounts: readonly AccountRecord[], ids: readonly string[], now: number): AccountRecord[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const first = [...new Set(ids)].filter((id) => byId.get(id)?.deletedAt === null);
  const rest = liveSorted(accounts).filter((a) => !first.includes(a.id)).map((a) => a.id);
  const position = new Map([...first, ...rest].map((id, i) => [id, i]));
  return accounts.map((a) => {
    const order = position.get(a.id);
    return order === undefined || order === a.order ? a : { ...a, order, updatedAt: now };
  });
}

export function purgeable(accounts: readonly AccountRecord[], olderThanMs: number, now: number): Set<string> {
  return new Set(accounts.filter((a) => a.deletedAt !== null && now - a.deletedAt >= olderThanMs).map((a) => a.id));
}
