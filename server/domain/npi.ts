/**
 * National Provider Identifier: ten digits, the last a Luhn check digit computed over the first nine
 * prefixed with 80840 (CMS, "NPI check digit", which is why the constant 24 below stands for that prefix).
 */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** The check digit for the first nine digits of an NPI. */
export function npiCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('an NPI check digit needs exactly nine digits');
  // Luhn over the nine digits, doubling from the rightmost; the 80840 prefix contributes a constant 24.
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = Number(firstNine[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
