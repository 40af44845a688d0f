import path from 'node:path';

// Every sentence the vault shows a person, in one place, so they stay consistent and free of secrets.

export const messages = {
  slotKeyMissing: (service: string) =>
    `The key that opens your accounts is missing from the system keychain (service "${service}"). Your accounts are safe on disk. ` +
    // No promise of a password prompt: the app-lock password has a vault slot but no screen yet (PRODUCT:
    // app lock comes later), so the sentence names only what a person can do today.
    `Twofold needs that key to open them: restore your system keychain (or its "${service}" item) from a backup, or ask IT support.`,
  slotKeyMismatch: (service: string) =>
    `The system keychain holds a different key than the one that opens your accounts (service "${service}"). Your accounts are safe on disk. ` +
    `Nothing was changed. Restore the keychain item that belongs to this data folder, or ask IT support.`,
  passwordOnly: 'This vault is opened with its app-lock password. Enter it to see your codes.',
  corrupt: (file: string, reason: string, copy: string | null) =>
    `Twofold can't read ${path.basename(file)} (${reason}). Nothing was changed` +
    (copy ? `; a copy was kept as ${path.basename(copy)}.` : '.') +
    ` Restore the file from a backup or ask IT support.`,
  secretsFileMissing: (file: string) =>
    `The file that holds your account keys (${file}) is missing, while your account list is there. Nothing was changed. ` +
    `Restore the file from a backup or ask IT support.`,
  newer: (file: string) => `${path.basename(file)} was written by a newer version of Twofold. Update Twofold to open it; nothing was changed.`,
  missingSecrets: (n: number) =>
    `${n === 1 ? 'One account has' : `${n} accounts have`} lost ${n === 1 ? 'its' : 'their'} key and cannot show codes. Remove ${n === 1 ? 'it' : 'them'} and add ${n === 1 ? 'it' : 'them'} again from the portal.`,
  closed: 'The vault was closed. Restart Twofold.',
  wrongPassword: 'That password is not right.',
  noPasswordSlot: 'This vault has no app-lock password.',
  passwordTooShort: 'Choose an app-lock password of at least 8 characters.',
};
