import type { SeedOutcome } from './seedDemoClinic.js';

const ROLE_LABELS = { clinic_admin: 'clinic admin', provider_admin: 'provider admin', staff: 'staff' } as const;

/**
 * The demo sign-ins as a small table for the terminal. These are demo credentials printed on purpose,
 * once, when the seed has just created them; they go to the console, never through the logger.
 */
export function formatDemoUsers(seed: Extract<SeedOutcome, { created: true }>): string[] {
  const rows = seed.users.map((u) => [ROLE_LABELS[u.role], u.username, u.password, u.name]);
  const header = ['role', 'username', 'password', 'name'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [
    '',
    `Demo clinic "${seed.organization.name}" created with these sign-ins (demo credentials, shown only`,
    'now: the database keeps only Argon2id hashes of them):',
    line(header),
    ...rows.map(line),
    '',
    'New providers register at /register with one of the clinic\'s NPIs and its provider registration code:',
    `  NPI ${seed.providerRegistration.npi}   provider registration code ${seed.providerRegistration.code}`,
    '',
  ];
}
