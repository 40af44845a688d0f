import type { OtpKind } from '../otp/otpParams.js';

/** Where the space goes: 6 → `123 456`, 7 → `123 4567`, 8 → `1234 5678`; other lengths are not split. */
function splitAt(length: number): number | null {
  if (length === 6 || length === 7) return 3;
  if (length === 8) return 4;
  return null;
}

function split(text: string): string {
  const at = splitAt(text.length);
  return at === null ? text : `${text.slice(0, at)} ${text.slice(at)}`;
}

/**
 * Groups a code for reading aloud or retyping. Steam codes (5 letters and digits) stay as they are;
 * so does anything that is not all digits.
 */
export function formatCode(code: string, kind: OtpKind): string {
  if (kind === 'steam' || !/^\d+$/.test(code)) return code;
  return split(code);
}

/** A placeholder of the right shape while the first codes load, so rows do not jump. */
export function placeholderCode(digits: number, kind: OtpKind): string {
  return kind === 'steam' ? '•••••' : split('•'.repeat(digits));
}
