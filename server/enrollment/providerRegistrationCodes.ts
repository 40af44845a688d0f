import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** No 0/O, 1/I/L: read off a letter or a fax and typed without doubt. 31 symbols. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * Seed 003's "provider registration code": what an organization gives the providers it expects, to be
 * typed with one of its NPIs. Sixteen symbols from ALPHABET (about 79 random bits) in groups of four,
 * `K7QM-2XDP-9HTA-R4VW`. That much randomness makes a fast hash as safe as a slow one (there is no
 * dictionary to try), so the table keeps a SHA-256 that a lookup can use directly.
 */
export function generateRegistrationCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** As typed: any case, with or without dashes and spaces. */
export function normalizeRegistrationCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function hashRegistrationCode(input: string): string {
  return createHash('sha256').update('twofold/provider-registration-code/v1\0').update(normalizeRegistrationCode(input)).digest('hex');
}

/** A new code for an organization; the code itself is returned once and never stored. */
export async function createProviderRegistrationCode(
  db: Kysely<Database>,
  input: { orgId: string; now: Date; expiresAt?: Date | null; createdByUserId?: string | null },
): Promise<{ id: string; code: string }> {
  const code = generateRegistrationCode();
  const id = randomUUID();
  await db
    .insertInto('provider_registration_codes')
    .values({
      id,
      org_id: input.orgId,
      code_hash: hashRegistrationCode(code),
      created_at: input.now.toISOString(),
      expires_at: input.expiresAt?.toISOString() ?? null,
      revoked_at: null,
      created_by_user_id: input.createdByUserId ?? null,
    })
    .execute();
  return { id, code };
}

/**
 * The organization a live code belongs to, provided `npi` is one of that organization's NPIs; null
 * otherwise (wrong code, wrong NPI, revoked or expired: the caller says all of these the same way).
 */
export async function organizationForRegistration(db: Kysely<Database>, input: { npi: string; code: string; now: Date }): Promise<string | null> {
  const at = input.now.toISOString();
  const row = await db
    .selectFrom('provider_registration_codes')
    .innerJoin('npis', 'npis.org_id', 'provider_registration_codes.org_id')
    .select('provider_registration_codes.org_id')
    .where('provider_registration_codes.code_hash', '=', hashRegistrationCode(input.code))
    .where('npis.npi', '=', input.npi)
    .where('provider_registration_codes.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('provider_registration_codes.expires_at', 'is', null), eb('provider_registration_codes.expires_at', '>', at)]))
    .executeTakeFirst();
  return row?.org_id ?? null;
}
