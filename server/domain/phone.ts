/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. No extensions (seed 003). */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}
