import QRCode from 'qrcode';
import { DEFAULT_TOTP_PARAMETERS } from '../security/totpCode.js';
import { encodeBase32 } from '../../common/otp/base32.js';

export interface AuthenticatorEnrollment {
  /** Base32, for apps that take the key typed in. */
  secret: string;
  /** The same key in groups of four, for reading it off the screen: `JBSW Y3DP EHPK 3PXP …`. */
  keyText: string;
  /** The account name the app shows: the user's email. */
  account: string;
  /** Key URI format: otpauth://totp/Issuer:account?secret=…&issuer=… */
  otpauthUri: string;
  /** The URI as a QR code, inline SVG (no image request, so the page CSP needs no img-src). */
  qrSvg: string;
}

/**
 * What the registration page shows (seed 000: "scan the QR code below, or enter the following key").
 * Issuer is the portal's name and the account is the user's email, as the issue asks; the label repeats
 * the issuer (`Issuer:account`) for older apps that ignore the parameter. Parameters are the defaults
 * every app understands, written out anyway.
 */
export async function authenticatorEnrollment(portalName: string, accountEmail: string, secretBytes: Uint8Array): Promise<AuthenticatorEnrollment> {
  const secret = encodeBase32(secretBytes);
  const label = `${encodeURIComponent(portalName)}:${encodeURIComponent(accountEmail)}`;
  const p = DEFAULT_TOTP_PARAMETERS;
  const query = new URLSearchParams({
    secret,
    issuer: portalName,
    algorithm: p.algorithm.toUpperCase(),
    digits: String(p.digits),
    period: String(p.periodSeconds),
  });
  // URLSearchParams writes spaces as '+'; otpauth parsers expect %20.
  const otpauthUri = `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
  // Medium error correction and the standard 4-module quiet zone: reliable off a screen, even a dimmed one.
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return { secret, keyText: secret.replace(/(.{4})(?=.)/g, '$1 '), account: accountEmail, otpauthUri, qrSvg };
}
