/**
 * How a number or address is shown before the second factor is proved: enough for the user to recognize
 * it, too little for whoever holds only the password to learn it. Seed 003 shows `XXX-XXX-9885`.
 */
export function maskPhone(e164: string): string {
  const last4 = e164.replace(/\D/g, '').slice(-4);
  return `XXX-XXX-${last4.padStart(4, 'X')}`;
}

/** ana.lopez@riverside-clinic.example → a•••••••@riverside-clinic.example */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = email.slice(0, at);
  return `${local[0]}${'•'.repeat(Math.min(Math.max(local.length - 1, 3), 8))}${email.slice(at)}`;
}
