import { isE164 } from '../domain/phone.js';

export type PhoneParse = { ok: true; e164: string } | { ok: false; message: string };

/**
 * A US direct line as people type it — `(312) 555-0143`, `312.555.0143`, `+1 312 555 0143`,
 * `1-312-555-0143` — to E.164 (`+13125550143`). Seed 003: ten digits, no extensions. The North American
 * Numbering Plan rules out area codes and exchanges starting with 0 or 1. Messages never repeat the input.
 */
export function parseUsPhoneNumber(input: string): PhoneParse {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter your phone number.' };
  if (/(ext|x|#|,|;)/i.test(text.replace(/^\+/, ''))) {
    return { ok: false, message: 'Extensions are not supported: enter a 10-digit direct line.' };
  }
  if (!/^\+?[\d\s().-]+$/.test(text)) return { ok: false, message: 'A phone number has only digits, spaces, ( ), - and dots.' };
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+') && !digits.startsWith('1')) return { ok: false, message: 'Enter a United States number (+1).' };
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return { ok: false, message: 'Enter a 10-digit US phone number, area code first, e.g. 312-555-0143.' };
  if (/^[01]/.test(digits)) return { ok: false, message: 'A US area code does not start with 0 or 1.' };
  if (/^[01]/.test(digits.slice(3))) return { ok: false, message: 'The three digits after the area code do not start with 0 or 1 in a US number.' };
  const e164 = `+1${digits}`;
  return isE164(e164) ? { ok: true, e164 } : { ok: false, message: 'Enter a 10-digit US phone number.' };
}

/** +13125550143 → (312) 555-0143, for a form field showing the number on file. */
export function formatUsPhoneNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}
