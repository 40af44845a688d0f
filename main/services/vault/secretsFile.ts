import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicWrite.js';
import { sealedEntriesFast } from './fastChecks.js';
import { open, SealedSchema } from './sealedBox.js';

export const SECRETS_FILE = 'secrets.json';

/** The random slot key lives in the OS keychain under `account`; it wraps the master key. */
export const KeychainSlotSchema = z.object({
  type: z.literal('keychain'),
  id: z.uuid(),
  account: z.string().min(1),
  wrappedKey: SealedSchema,
});

/** The app-lock password, stretched with scrypt, wraps the master key: a way in that needs no keychain. */
export const PasswordSlotSchema = z.object({
  type: z.literal('password'),
  id: z.uuid(),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(1024),
    r: z.number().int().positive(),
    p: z.number().int().positive(),
    salt: z.base64(),
  }),
  wrappedKey: SealedSchema,
});

// A backup slot (a printed recovery code) would be a third member: same shape as `password`, other KDF input.
export const SlotSchema = z.discriminatedUnion('type', [KeychainSlotSchema, PasswordSlotSchema]);
export type Slot = z.infer<typeof SlotSchema>;
export type KeychainSlot = z.infer<typeof KeychainSlotSchema>;
export type PasswordSlot = z.infer<typeof PasswordSlotSchema>;

const SecretsFileSchema = z.object({
  format: z.literal('twofold-secrets'),
  version: z.literal(1),
  /** Tells a re-created file from the one whose master key we hold in memory. */
  vaultId: z.uuid(),
  slots: z.array(SlotSchema).min(1),
  /** Account id → that account's secret, sealed under the master key with the id as AAD. */
  entries: z.record(z.uuid(), SealedSchema),
});
export type SecretsFile = z.infer<typeof SecretsFileSchema>;

export type SecretsRead =
  | { kind: 'missing' }
  | { kind: 'ok'; file: SecretsFile; stamp: string }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'newer'; version: unknown };

/** A good read of secrets.json with its stamp (inode, mtime, size): reused while the stamp is unchanged. */
export type SecretsFileRead = { file: SecretsFile; stamp: string };

export function secretsPath(dir: string): string {
  return path.join(dir, SECRETS_FILE);
}

/**
 * Reads and validates secrets.json. `stamp` changes whenever the file is replaced (every write renames a
 * new inode in). Given the last good read, an unchanged stamp returns it without reading the file again:
 * the app asks on every request, and validating 500 sealed entries each time costs more than the request.
 */
export async function readSecretsFile(dir: string, known?: SecretsFileRead): Promise<SecretsRead> {
  const file = secretsPath(dir);
  let text: string;
  let stamp: string;
  try {
    const st = await stat(file, { bigint: true });
    stamp = `${st.ino}:${st.mtimeNs}:${st.size}`;
    if (known?.stamp === stamp) return { kind: 'ok', file: known.file, stamp };
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'not valid JSON' };
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) return { kind: 'newer', version };
  // The sealed entries (one per account) checked by hand when they are as Twofold writes them; the rest,
  // a few slots, by the schema as always.
  const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const entries = object ? sealedEntriesFast(object.entries) : null;
  const parsed = SecretsFileSchema.safeParse(object && entries ? { ...object, entries: {} } : raw);
  if (!parsed.success) return { kind: 'corrupt', reason: z.prettifyError(parsed.error).split('\n')[0] ?? 'invalid' };
  return { kind: 'ok', file: entries ? { ...parsed.data, entries } : parsed.data, stamp };
}

export async function writeSecretsFile(dir: string, file: SecretsFile): Promise<void> {
  await writeFileAtomic(secretsPath(dir), `${JSON.stringify(SecretsFileSchema.parse(file), null, 1)}\n`);
}

/** Decrypts every entry; one that fails its GCM check (tampered, or moved to another id) is reported, not fatal. */
export function openEntries(masterKey: Uint8Array, entries: SecretsFile['entries']): { secrets: Map<string, Buffer>; damaged: Set<string> } {
  const secrets = new Map<string, Buffer>();
  const damaged = new Set<string>();
  for (const [id, sealed] of Object.entries(entries)) {
    const plain = open(masterKey, sealed, id);
    if (plain) secrets.set(id, plain);
    else damaged.add(id);
  }
  return { secrets, damaged };
}
