import { z } from 'zod';

/** Hash functions an otpauth:// link may name (RFC 6238 §1.2 allows these three). */
export const OTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type OtpAlgorithm = (typeof OTP_ALGORITHMS)[number];

/**
 * `steam` is Steam Guard: a TOTP with SHA-1, 30 s period and a 5-character code drawn from
 * Steam's own 26-symbol alphabet instead of decimal digits.
 */
export const OTP_KINDS = ['totp', 'hotp', 'steam'] as const;
export type OtpKind = (typeof OTP_KINDS)[number];

export const MIN_DIGITS = 6;
export const MAX_DIGITS = 8;
export const STEAM_DIGITS = 5;
export const DEFAULT_PERIOD = 30;

/** Everything needed to compute a code except the secret itself. */
export const OtpParamsSchema = z.object({
  kind: z.enum(OTP_KINDS),
  algorithm: z.enum(OTP_ALGORITHMS),
  /** 6–8 for totp/hotp; always 5 for steam. */
  digits: z.number().int().min(STEAM_DIGITS).max(MAX_DIGITS),
  /** Seconds per step (totp/steam). Ignored for hotp but kept at its default. */
  period: z.number().int().positive().max(86_400),
  /** Moving factor for hotp; 0 for the time-based kinds. */
  counter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type OtpParams = z.infer<typeof OtpParamsSchema>;

/** An account as read from a link, a QR code, an export or a form: secret included, not yet stored. */
export interface AccountDraft {
  issuer: string;
  accountName: string;
  params: OtpParams;
  /** Raw secret bytes (already Base32-decoded). Never leaves the main process. */
  secret: Uint8Array;
}
