import { AppError } from '../../../common/errors.js';
import type { RequestOf } from '../../../common/ipc/contract.js';
import { DEFAULT_PERIOD, MAX_DIGITS, MIN_DIGITS, STEAM_DIGITS, type AccountDraft } from '../../../common/otp/otpParams.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';

/**
 * Turns the "type a key" form into a draft, answering each mistake next to the field it concerns.
 * The same limits as for links: a typed key deserves the same checks as a scanned one.
 */
export function manualDraft(form: RequestOf<'accounts:addManual'>): AccountDraft {
  const issuer = form.issuer.trim();
  const accountName = form.accountName.trim();
  if (!issuer && !accountName) {
    throw new AppError('InvalidInput', 'Give the account a name: the portal (issuer) or your user name.', 'issuer');
  }
  let secret: Uint8Array;
  try {
    secret = decodeBase32Secret(form.secret);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, e.message, 'secret');
    throw e;
  }
  const steam = form.kind === 'steam';
  if (!steam && (form.digits < MIN_DIGITS || form.digits > MAX_DIGITS)) {
    throw new AppError('InvalidInput', `Codes must have ${MIN_DIGITS}, 7 or ${MAX_DIGITS} digits.`, 'digits');
  }
  if (form.kind !== 'hotp' && !(form.period > 0)) {
    throw new AppError('InvalidInput', 'The period must be a whole number of seconds above zero.', 'period');
  }
  return {
    issuer,
    accountName,
    secret,
    params: {
      kind: form.kind,
      algorithm: steam ? 'SHA1' : form.algorithm,
      digits: steam ? STEAM_DIGITS : form.digits,
      period: steam ? DEFAULT_PERIOD : form.kind === 'hotp' ? DEFAULT_PERIOD : form.period,
      counter: form.kind === 'hotp' ? (form.counter ?? 0) : 0,
    },
  };
}
