import { AppError } from '../../../common/errors.js';
import type { AccountDraft, OtpAlgorithm } from '../../../common/otp/otpParams.js';
import { MAX_SECRET_BYTES, MIN_SECRET_BYTES } from '../../../common/otp/base32.js';
import { decodeMigrationPayload, MIGRATION_ALGORITHM, MIGRATION_TYPE, type RawMigrationPayload, type RawOtpParameters } from './migrationPayload.js';

export interface MigrationBatch {
  /** 0-based, as in the payload. */
  index: number;
  size: number;
  /** Ties the parts of one export together. */
  id: number;
}

export interface MigrationResult {
  accounts: AccountDraft[];
  batch: MigrationBatch;
}

const unreadable = () =>
  new AppError('InvalidUri', 'This Google Authenticator export could not be read. Scan the export QR code again, or export the accounts again on the phone.');

/** Unspecified (0) means the app's defaults: SHA-1, 6 digits, TOTP. */
const ALGORITHMS: Record<number, OtpAlgorithm> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512' };
const DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8, 3: 7 };
/** Google Authenticator exports have no period field: its TOTP is always 30 s. */
const GOOGLE_PERIOD = 30;

/**
 * Reads every account of one export QR code. An account Twofold cannot use (MD5, a missing key…)
 * refuses the whole code, naming the account, rather than importing the rest and dropping it silently.
 */
export function parseMigrationUri(input: string): MigrationResult {
  const text = input.trim();
  const m = /^otpauth-migration:\/\/offline\/?\?(.*)$/is.exec(text);
  if (!m) throw new AppError('InvalidUri', 'This is not a Google Authenticator export link (otpauth-migration://offline?data=…).');
  const data = new URLSearchParams(m[1]).get('data');
  if (!data) throw unreadable();
  // URLSearchParams turns '+' into a space, and links pasted from some QR readers arrive unescaped:
  // put the '+' back. Accept the URL-safe alphabet too.
  const base64 = data.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw unreadable();

  let payload: RawMigrationPayload;
  try {
    payload = decodeMigrationPayload(Buffer.from(base64, 'base64'));
  } catch {
    throw unreadable();
  }
  if (payload.otpParameters.length === 0) {
    throw new AppError('InvalidUri', 'This Google Authenticator export holds no accounts. Nothing was imported.');
  }
  const accounts = payload.otpParameters.map((p, i) => toDraft(p, i));
  // Older exports leave the batch fields at 0: that is one part of one.
  const size = Math.max(1, payload.batchSize);
  return { accounts, batch: { index: Math.min(Math.max(0, payload.batchIndex), size - 1), size, id: payload.batchId } };
}

/** "part 2 of 3", for messages and progress. */
export function describeBatch(batch: MigrationBatch): string {
  return `part ${batch.index + 1} of ${batch.size}`;
}

function toDraft(p: RawOtpParameters, position: number): AccountDraft {
  const { issuer, accountName } = splitName(p.name, p.issuer);
  const who = `“${[issuer, accountName].filter(Boolean).join(': ') || `account ${position + 1}`}”`;
  const refuse = (code: 'InvalidUri' | 'InvalidSecret', problem: string) =>
    new AppError(code, `${who} ${problem} Nothing from this export was imported: remove that account from the export on the phone and export again.`);

  if (p.algorithm === MIGRATION_ALGORITHM.MD5) throw refuse('InvalidUri', 'uses the MD5 algorithm, which Twofold does not support.');
  const algorithm = ALGORITHMS[p.algorithm];
  const digits = DIGITS[p.digits];
  const type = p.type === MIGRATION_TYPE.UNSPECIFIED ? MIGRATION_TYPE.TOTP : p.type;
  if (!algorithm || !digits || (type !== MIGRATION_TYPE.HOTP && type !== MIGRATION_TYPE.TOTP)) {
    throw refuse('InvalidUri', 'has settings this export format does not define.');
  }
  if (p.secret.length < MIN_SECRET_BYTES || p.secret.length > MAX_SECRET_BYTES) {
    throw refuse('InvalidSecret', 'has a key that is missing or the wrong length.');
  }
  const hotp = type === MIGRATION_TYPE.HOTP;
  const counter = hotp ? Number(p.counter) : 0;
  if (!Number.isSafeInteger(counter) || counter < 0) throw refuse('InvalidUri', 'has a counter Twofold cannot use.');
  return {
    issuer,
    accountName,
    secret: Uint8Array.from(p.secret),
    params: { kind: hotp ? 'hotp' : 'totp', algorithm, digits, period: GOOGLE_PERIOD, counter },
  };
}

/**
 * Google writes the name as "Issuer:account" when the account's link had an issuer prefix: drop the
 * repeat. With no issuer field, the prefix is the issuer (as in an otpauth:// label). A prefix that
 * differs from the issuer field is part of the name and stays.
 */
function splitName(name: string, issuer: string): { issuer: string; accountName: string } {
  const colon = name.indexOf(':');
  const trimmedIssuer = issuer.trim();
  if (colon > 0) {
    const prefix = name.slice(0, colon).trim();
    if (!trimmedIssuer || prefix === trimmedIssuer) return { issuer: trimmedIssuer || prefix, accountName: name.slice(colon + 1).trim() };
  }
  return { issuer: trimmedIssuer, accountName: name.trim() };
}
