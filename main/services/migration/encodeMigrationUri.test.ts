import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import type { AccountDraft, OtpParams } from '../../../common/otp/otpParams.js';
import { encodeMigrationUri } from './encodeMigrationUri.js';
import { parseMigrationUri } from './parseMigrationUri.js';

const account = (issuer: string, accountName: string, params: Partial<OtpParams> = {}): AccountDraft => ({
  issuer,
  accountName,
  secret: Uint8Array.from(randomBytes(20)),
  params: { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, ...params },
});

describe('encodeMigrationUri', () => {
  it('writes accounts that parseMigrationUri reads back unchanged, with the batch', () => {
    const accounts = [
      account('Acme', 'alice'),
      account('Lab', 'bob', { algorithm: 'SHA256', digits: 8 }),
      account('', 'carol', { algorithm: 'SHA512', digits: 7 }),
      account('Clínica', 'josé', { kind: 'hotp', counter: 2 ** 40 + 3 }),
      account('Acme', 'Acme:twice'),
    ];
    const uri = encodeMigrationUri(accounts, { index: 2, size: 3, id: -9 });
    expect(uri).toMatch(/^otpauth-migration:\/\/offline\?data=[A-Za-z0-9%]+$/);
    expect(parseMigrationUri(uri)).toEqual({ accounts, batch: { index: 2, size: 3, id: -9 } });
  });

  it.each([
    ['a Steam account', account('Steam', 'gamer', { kind: 'steam', digits: 5 }), /Steam Guard/],
    ['a 60-second period', account('Acme', 'x', { period: 60 }), /every 60 seconds/],
  ])('refuses %s, naming it, since the format cannot hold it', (_what, a, message) => {
    let error: unknown;
    try {
      encodeMigrationUri([account('Fine', 'one'), a], { index: 0, size: 1, id: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidInput');
    expect((error as AppError).message).toMatch(message);
  });
});
