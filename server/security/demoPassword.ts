import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: a person copies these from a terminal.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A fresh password for a demo user, e.g. `demo-h7kq-3mzp-x2rd` (about 59 bits). Random per database, so
 * a demo clinic left on a reachable machine is not open to anyone who read the docs.
 */
export function generateDemoPassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `demo-${group()}-${group()}-${group()}`;
}
