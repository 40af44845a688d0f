import { AppError } from '../../../common/errors.js';
import type { AccountDraft, OtpAlgorithm } from '../../../common/otp/otpParams.js';
import { encodeMigrationPayload, MIGRATION_ALGORITHM, MIGRATION_DIGITS, MIGRATION_TYPE, type RawOtpParameters } from './migrationPayload.js';
import type { MigrationBatch } from './parseMigrationUri.js';

const ALGORITHMS: Record<OtpAlgorithm, number> = { SHA1: MIGRATION_ALGORITHM.SHA1, SHA256: MIGRATION_ALGORITHM.SHA256, SHA512: MIGRATION_ALGORITHM.SHA512 };
const DIGITS: Record<number, number> = { 6: MIGRATION_DIGITS.SIX, 7: MIGRATION_DIGITS.SEVEN, 8: MIGRATION_DIGITS.EIGHT };
/** The format's version as Google Authenticator writes it today. */
const VERSION = 1;

/**
 * Writes one Google Authenticator export QR code's link. The format has no Steam type and no period,
 * so such accounts are refused by name rather than exported as something that gives other codes.
 */
export function encodeMigrationUri(accounts: readonly AccountDraft[], batch: MigrationBatch): string {
  const bytes = encodeMigrationPayload({
    otpParameters: accounts.map(toRaw),
    version: VERSION,
    batchSize: batch.size,
    batchIndex: batch.index,
    batchId: batch.id,
  });
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`;
}

function toRaw(account: AccountDraft): RawOtpParameters {
  const { params } = account;
  const who = `“${[account.issuer, account.accountName].filter(Boolean).join(': ')}”`;
  if (params.kind === 'steam') throw new AppError('InvalidInput', `${who} is a Steam Guard account, which Google Authenticator cannot hold.`);
  if (params.kind === 'totp' && params.period !== 30) {
    throw new AppError('InvalidInput', `${who} changes its code every ${params.period} seconds; Google Authenticator only supports 30.`);
  }
  const digits = DIGITS[params.digits];
  if (digits === undefined) throw new AppError('InvalidInput', `${who} has ${params.digits}-digit codes, which Google Authenticator cannot hold.`);
  return {
    secret: account.secret,
    // Google writes "Issuer:account" as the name, with the issuer again in its own field.
    name: account.issuer ? `${account.issuer}:${account.accountName}` : account.accountName,
    issuer: account.issuer,
    algorithm: ALGORITHMS[params.algorithm],
    digits,
    type: params.kind === 'hotp' ? MIGRATION_TYPE.HOTP : MIGRATION_TYPE.TOTP,
    counter: String(params.kind === 'hotp' ? params.counter : 0),
  };
}
