/**
 * The OTP service's public entry points in one place. Other folders import from here or from
 * codeWindow.ts (both stay stable); the files behind it are split by spec: hotp.ts (RFC 4226),
 * totp.ts (RFC 6238), steamGuard.ts, and recentCodes.ts (the per-tick memo).
 */
export { codeWindow, generateCode, type CodeWindow } from './codeWindow.js';
export { generateHotp } from './hotp.js';
export { forgetRememberedCodes } from './recentCodes.js';
export { generateSteamGuard } from './steamGuard.js';
export { generateTotp, timeStep } from './totp.js';
