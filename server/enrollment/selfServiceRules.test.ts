import { describe, expect, it } from 'vitest';
import { loadAuthSettings } from '../auth/authSettings.js';
import { ConfigError } from '../config/configError.js';
import { passwordProblem, PASSWORD_RULES } from '../recovery/passwordRules.js';
import { OrganizationFormSchema, ProviderDetailsSchema } from './providerDetails.js';
import { generateRegistrationCode, hashRegistrationCode, normalizeRegistrationCode } from './providerRegistrationCodes.js';

const owner = { username: 'ana.lopez', email: 'ana.lopez@riverside-clinic.example', portalName: 'Riverside Provider Portal' };
const check = (password: string, confirmPassword = password) => passwordProblem({ password, confirmPassword }, owner);

describe('new password rules', () => {
  it('accepts a long passphrase and states every rule it checks', () => {
    expect(check('blue meadow quiet lantern')).toBeNull();
    expect(PASSWORD_RULES.join(' ')).toMatch(/At least 12 characters.*username.*email.*portal/s);
  });

  it('refuses a short, too long, repeated or mismatched password, or one containing the name, email or portal', () => {
    expect(check('')).toBe('password_needed');
    expect(check('eleven char')).toBe('password_too_short');
    // Counted as people count characters: 12 emoji are 12 characters.
    expect(check('🙂'.repeat(11) + 'x')).toBeNull();
    expect(check('a'.repeat(129))).toBe('password_too_long');
    expect(check('my ANA.LOPEZ password')).toBe('password_contains_name');
    expect(passwordProblem({ password: 'hello ana.lopez again', confirmPassword: 'hello ana.lopez again' }, { ...owner, username: 'alopez' })).toBe('password_contains_name');
    expect(check('RIVERSIDE PROVIDER PORTAL 1')).toBe('password_contains_name');
    expect(check('############')).toBe('password_repeated');
    expect(check('blue meadow quiet lantern', 'blue meadow quiet lanterN')).toBe('password_mismatch');
  });
});

describe('provider registration codes', () => {
  it('are 16 unambiguous symbols in groups of four, about 79 random bits', () => {
    const codes = new Set(Array.from({ length: 200 }, generateRegistrationCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
  });

  it('match however they are typed, and are hashed, never stored as typed', () => {
    expect(normalizeRegistrationCode(' k7qm-2xdp 9hta-r4vw ')).toBe('K7QM2XDP9HTAR4VW');
    expect(hashRegistrationCode('k7qm 2xdp 9hta r4vw')).toBe(hashRegistrationCode('K7QM-2XDP-9HTA-R4VW'));
    expect(hashRegistrationCode('K7QM-2XDP-9HTA-R4VW')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the registration forms', () => {
  it('checks the NPI digit and the code is there', () => {
    expect(OrganizationFormSchema.parse({ npi: '1528 394 061', registrationCode: 'k7qm-2xdp' })).toEqual({ npi: '1528394061', registrationCode: 'K7QM2XDP' });
    expect(OrganizationFormSchema.safeParse({ npi: '1528394062', registrationCode: 'X' }).error?.issues[0]?.message).toMatch(/not a valid NPI/);
  });

  it('normalizes details: lower-case username and email, E.164 numbers, empty optional fields as null', () => {
    const d = ProviderDetailsSchema.parse({
      username: ' Pat.Provider ',
      firstName: 'Pat',
      lastName: 'Provider',
      address1: '',
      address2: '',
      city: '',
      state: 'il',
      zip: '62701-1234',
      email: 'Pat@Northside.example',
      confirmEmail: 'pat@northside.example',
      phone: '',
      fax: '+1 (217) 555-0141',
    });
    expect(d).toMatchObject({ username: 'pat.provider', email: 'pat@northside.example', state: 'IL', address1: null, phone: null, fax: '+12175550141' });
  });

  it('refuses an @ in a username, a fax with an extension, and lists every problem at once', () => {
    const result = ProviderDetailsSchema.safeParse({ username: 'pat@x', firstName: '', lastName: 'P', address1: '', address2: '', city: '', state: '', zip: '123', email: 'a@b.example', confirmEmail: 'c@b.example', phone: '', fax: '217-555-0141 x2' });
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['confirmEmail', 'fax', 'firstName', 'username', 'zip']);
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('is where emailed links point, shared with the admin API', () => {
    expect(loadAuthSettings({}).publicUrl).toBeNull();
    expect(loadAuthSettings({ PUBLIC_BASE_URL: 'https://portal.clinic.example/' }).publicUrl).toBe('https://portal.clinic.example');
    expect(() => loadAuthSettings({ PUBLIC_BASE_URL: 'ftp://portal' })).toThrow(ConfigError);
  });
});
