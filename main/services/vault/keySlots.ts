import { randomBytes, randomUUID, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import type { Keychain } from '../keychain/keychain.js';
import { KEY_BYTES, open, randomKey, seal } from './sealedBox.js';
import type { KeychainSlot, PasswordSlot, Slot } from './secretsFile.js';

/** Binds a wrapped master key to its slot, so a wrapped key copied into another slot does not open. */
const slotAad = (slot: Pick<Slot, 'id' | 'type'>) => `twofold-slot:${slot.type}:${slot.id}`;

/**
 * The keychain item is named per slot, not just per profile: two data folders that share a service name
 * and profile id (a test run, a portable copy) then never overwrite each other's slot key.
 */
export function keychainAccountFor(profileId: string, slotId: string): string {
  return `vault-slot:${profileId}:${slotId}`;
}

/** Stores a new random slot key in the keychain first, then returns the slot to write into the file. */
export async function createKeychainSlot(keychain: Keychain, service: string, profileId: string, masterKey: Uint8Array): Promise<KeychainSlot> {
  const id = randomUUID();
  const slotKey = randomKey();
  const account = keychainAccountFor(profileId, id);
  await keychain.setPassword(service, account, slotKey.toString('base64'));
  return { type: 'keychain', id, account, wrappedKey: seal(slotKey, masterKey, slotAad({ type: 'keychain', id })) };
}

export type SlotUnlock = { kind: 'ok'; masterKey: Buffer } | { kind: 'missing' } | { kind: 'mismatch' };

/** One keychain read. `missing`: the item is gone; `mismatch`: it holds a key that does not open this slot. */
export async function unlockKeychainSlot(keychain: Keychain, service: string, slot: KeychainSlot): Promise<SlotUnlock> {
  const stored = await keychain.getPassword(service, slot.account);
  if (stored === null) return { kind: 'missing' };
  const slotKey = Buffer.from(stored, 'base64');
  if (slotKey.length !== KEY_BYTES) return { kind: 'mismatch' };
  const masterKey = open(slotKey, slot.wrappedKey, slotAad(slot));
  return masterKey && masterKey.length === KEY_BYTES ? { kind: 'ok', masterKey } : { kind: 'mismatch' };
}

// OWASP's scrypt floor is N=2^17 with r=8; 2^16 keeps an unlock near 150 ms on the slow clinic PCs.
const SCRYPT = { N: 2 ** 16, r: 8, p: 1 } as const;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    // NFC so the same password typed on macOS and Windows keyboards derives the same key.
    scryptCb(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function createPasswordSlot(password: string, masterKey: Uint8Array): Promise<PasswordSlot> {
  const id = randomUUID();
  const salt = randomBytes(32);
  const key = await scrypt(password, salt, SCRYPT);
  return {
    type: 'password',
    id,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    wrappedKey: seal(key, masterKey, slotAad({ type: 'password', id })),
  };
}

/** The master key, or `null` for a wrong password (the GCM tag does not verify). */
export async function unlockPasswordSlot(password: string, slot: PasswordSlot): Promise<Buffer | null> {
  const { N, r, p, salt } = slot.kdf;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N, r, p });
  const masterKey = open(key, slot.wrappedKey, slotAad(slot));
  return masterKey && masterKey.length === KEY_BYTES ? masterKey : null;
}
