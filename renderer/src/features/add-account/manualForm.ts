import type { RequestOf } from '../../../../common/ipc/contract.js';
import type { OtpAlgorithm, OtpKind } from '../../../../common/otp/otpParams.js';
import { DEFAULT_PERIOD, STEAM_DIGITS } from './otpChoices.js';

/** The "type a key" form as the person edits it: numbers stay text until sent. */
export interface ManualForm {
  issuer: string;
  accountName: string;
  secret: string;
  group: string;
  kind: OtpKind;
  algorithm: OtpAlgorithm;
  digits: number;
  period: string;
  counter: string;
}

export const emptyManualForm: ManualForm = {
  issuer: '',
  accountName: '',
  secret: '',
  group: '',
  kind: 'totp',
  algorithm: 'SHA1',
  digits: 6,
  period: String(DEFAULT_PERIOD),
  counter: '0',
};

/** Steam Guard fixes its own parameters; leaving Steam goes back to the usual six digits. */
export function withKind(form: ManualForm, kind: OtpKind): ManualForm {
  if (kind === 'steam') return { ...form, kind, algorithm: 'SHA1', digits: STEAM_DIGITS, period: String(DEFAULT_PERIOD) };
  return { ...form, kind, digits: form.kind === 'steam' ? 6 : form.digits };
}

export type FieldErrors = Partial<Record<keyof ManualForm, string>>;

const wholeNumber = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

/**
 * The request for `accounts:addManual`, or the fields to fix first. Only what cannot be sent at all is
 * checked here (a period that is not a number); main checks the rest and explains it.
 */
export function toManualRequest(form: ManualForm): { request: RequestOf<'accounts:addManual'> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const period = wholeNumber(form.period);
  const counter = wholeNumber(form.counter);
  if (form.kind !== 'hotp' && (period === null || period < 1)) errors.period = 'Enter the period in whole seconds, for example 30.';
  if (form.kind === 'hotp' && counter === null) errors.counter = 'Enter the counter as a whole number, for example 0.';
  if (!form.secret.trim()) errors.secret = 'Type the key shown under the QR code on your portal’s setup page.';
  if (Object.keys(errors).length > 0) return { errors };
  const group = form.group.trim();
  return {
    request: {
      issuer: form.issuer.trim(),
      accountName: form.accountName.trim(),
      secret: form.secret.trim(),
      kind: form.kind,
      algorithm: form.algorithm,
      digits: form.digits,
      period: period ?? DEFAULT_PERIOD,
      ...(form.kind === 'hotp' ? { counter: counter ?? 0 } : {}),
      group: group || null,
    },
  };
}

/** A pasted key rather than a link: Base32 letters and digits, maybe in groups separated by spaces or dashes. */
export function looksLikeKey(text: string): boolean {
  const compact = text.replace(/[\s-]/g, '');
  return compact.length >= 16 && /^[A-Za-z2-7]+=*$/.test(compact) && !/^otpauth/i.test(text.trim());
}
