import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP over node:crypto. The desktop app has its own engine in main/services/otp/, but main/
 * is the Electron process's folder and server/ is a process of its own (docs STYLE: folders are process
 * boundaries); the dozen lines below, held to the RFC's vectors, cost less than that coupling.
 */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpParameters {
  algorithm: TotpAlgorithm;
  digits: number;
  periodSeconds: number;
}

/** What every authenticator app understands (Google Authenticator ignores anything else). */
export const DEFAULT_TOTP_PARAMETERS: TotpParameters = { algorithm: 'sha1', digits: 6, periodSeconds: 30 };

/** RFC 6238 §4.2: T = floor((unix time − T0) / X), T0 = 0. */
export function totpStep(nowMs: number, periodSeconds: number): number {
  return Math.floor(nowMs / 1000 / periodSeconds);
}

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, last `digits` decimal digits. */
export function totpCodeAt(secret: Buffer, step: number, parameters: TotpParameters): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(parameters.algorithm, secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fff_ffff;
  return String(value % 10 ** parameters.digits).padStart(parameters.digits, '0');
}
