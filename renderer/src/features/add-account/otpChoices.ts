import type { OtpAlgorithm, OtpKind } from '../../../../common/otp/otpParams.js';

// Copies of common/otp/otpParams.ts values: importing that module's values would pull zod into the
// renderer bundle (~100 kB). The checks below fail to compile if the lists drift apart.
export const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const satisfies readonly OtpAlgorithm[];
export const KINDS = ['totp', 'hotp', 'steam'] as const satisfies readonly OtpKind[];
export const DEFAULT_PERIOD = 30;
export const STEAM_DIGITS = 5;

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const allAlgorithms: Missing<OtpAlgorithm, (typeof ALGORITHMS)[number]> = true;
const allKinds: Missing<OtpKind, (typeof KINDS)[number]> = true;
void allAlgorithms;
void allKinds;
