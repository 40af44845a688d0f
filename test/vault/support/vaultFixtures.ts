import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountDraft } from '../../../common/otp/otpParams.js';

// Fixtures shared by the vault unit tests (main/services/vault) and the integration tests here.

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'twofold-vault-'));
}

export function profileDir(dataDir: string, profileId = 'default'): string {
  return path.join(dataDir, 'profiles', profileId);
}

export function draft(i: number, overrides: Partial<AccountDraft> = {}): AccountDraft {
  return {
    issuer: `Portal ${i}`,
    accountName: `staff${i}@clinic.example`,
    params: { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
    secret: randomBytes(20),
    ...overrides,
  };
}

/** Every file of a profile with its bytes, to prove an operation left them untouched. */
export function snapshotFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name)).toString('base64')]));
}
