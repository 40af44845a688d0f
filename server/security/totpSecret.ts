import { randomBytes } from 'node:crypto';
import type { SecretBox } from './secretBox.js';

/** RFC 4226 §4 asks for at least 128 bits and recommends 160: the length of a SHA-1 block's key. */
export const TOTP_SECRET_BYTES = 20;

export interface TotpRegistrationRef {
  userId: string;
  registrationId: string;
}

export const generateTotpSecret = (): Buffer => randomBytes(TOTP_SECRET_BYTES);

/**
 * The additional data a TOTP key's envelope is bound to: the column, the registration and its user.
 * An envelope moved to another row, or to another user's registration, no longer opens.
 */
export function totpSecretAad(ref: TotpRegistrationRef): string {
  return `mfa_registrations.totp_secret_encrypted\0${ref.registrationId}\0${ref.userId}`;
}

/** The value for `mfa_registrations.totp_secret_encrypted`. */
export function sealTotpSecret(box: SecretBox, ref: TotpRegistrationRef, secret: Buffer): string {
  return box.seal(secret, totpSecretAad(ref));
}

export function openTotpSecret(box: SecretBox, ref: TotpRegistrationRef, envelope: string): Buffer {
  return box.open(envelope, totpSecretAad(ref));
}
