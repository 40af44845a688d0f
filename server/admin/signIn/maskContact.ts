/** A US number as seed 003 shows it on the login page: XXX-XXX-9885. Other numbers keep only their last four digits. */
export function maskPhone(e164: string): string {
  return `XXX-XXX-${e164.slice(-4)}`;
}

/** d***@riverside-clinic.example: enough for the owner to recognise, too little to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
