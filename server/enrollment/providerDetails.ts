import { z } from 'zod';
import { isValidNpi } from '../domain/npi.js';
import { parseUsPhoneNumber } from '../auth/usPhoneNumber.js';
import { normalizeRegistrationCode } from './providerRegistrationCodes.js';

/** USPS codes: the states, DC and the territories, for the "State" list. */
export const US_STATES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AS', 'American Samoa'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'],
  ['CO', 'Colorado'], ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'], ['FL', 'Florida'], ['GA', 'Georgia'],
  ['GU', 'Guam'], ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'], ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'],
  ['KY', 'Kentucky'], ['LA', 'Louisiana'], ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'],
  ['MN', 'Minnesota'], ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'],
  ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'], ['NY', 'New York'], ['NC', 'North Carolina'],
  ['ND', 'North Dakota'], ['MP', 'Northern Mariana Islands'], ['OH', 'Ohio'], ['OK', 'Oklahoma'], ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'], ['PR', 'Puerto Rico'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VI', 'U.S. Virgin Islands'], ['VA', 'Virginia'],
  ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
];
const STATE_CODES = new Set(US_STATES.map(([code]) => code));

/** Step one of seed 003's new-provider registration: "Enter NPI and Registration Code, then click Next." */
export const OrganizationFormSchema = z.object({
  npi: z
    .string()
    .max(40)
    .transform((s) => s.replace(/[\s-]/g, ''))
    .refine((s) => s !== '', 'Enter your organization’s 10-digit NPI.')
    .refine((s) => s === '' || isValidNpi(s), 'Enter the 10-digit NPI. Check the digits: this one is not a valid NPI.'),
  registrationCode: z
    .string()
    .max(64, 'A provider registration code has 16 letters and digits.')
    .transform(normalizeRegistrationCode)
    .refine((s) => s !== '', 'Enter the provider registration code your organization gave you.'),
});
export type OrganizationForm = z.infer<typeof OrganizationFormSchema>;

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .transform((s) => (s === '' ? null : s));

const requiredText = (label: string, max: number) => z.string().trim().min(1, `Enter your ${label.toLowerCase()}.`).max(max, `${label} can be at most ${max} characters.`);

const usNumber = (label: string, required: boolean) =>
  z
    .string()
    .max(40, `Enter the ${label.toLowerCase()} as 10 digits, e.g. 312-555-0143.`)
    .transform((s, ctx) => {
      if (s.trim() === '') {
        if (required) ctx.addIssue({ code: 'custom', message: `Enter your ${label.toLowerCase()}, 10 digits.` });
        return null;
      }
      const parsed = parseUsPhoneNumber(s);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `${label}: ${parsed.message}` });
        return null;
      }
      return parsed.e164;
    });

/**
 * Step two: "Create Username, and enter all required fields under Contact Information". The fields and
 * which are required follow seed 003's form (username, first and last name, email twice and fax; the
 * address and office phone optional). A username has no `@`, since sign-in reads a name with one as an
 * email address.
 */
export const ProviderDetailsSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(3, 'A username has at least 3 characters.')
      .max(64, 'A username has at most 64 characters.')
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'A username has only letters, digits, dots, dashes and underscores, and starts with a letter or digit.'),
    firstName: requiredText('First name', 80),
    lastName: requiredText('Last name', 80),
    address1: optionalText('Address 1', 120),
    address2: optionalText('Address 2', 120),
    city: optionalText('City', 80),
    state: z
      .string()
      .trim()
      .toUpperCase()
      .refine((s) => s === '' || STATE_CODES.has(s), 'Choose a state from the list.')
      .transform((s) => (s === '' ? null : s)),
    zip: z
      .string()
      .trim()
      .refine((s) => s === '' || /^\d{5}(-?\d{4})?$/.test(s), 'Enter a ZIP code of 5 digits (or ZIP+4, 12345-6789).')
      .transform((s) => (s === '' ? null : s)),
    email: z.string().trim().toLowerCase().max(254, 'An email address has at most 254 characters.').pipe(z.email('Enter your work email address, e.g. name@clinic.org.')),
    confirmEmail: z.string().trim().toLowerCase().max(254),
    phone: usNumber('Phone', false),
    fax: usNumber('Fax', true),
  })
  .refine((d) => String(d.email).trim().toLowerCase() === String(d.confirmEmail).trim().toLowerCase(), {
    message: 'The two email addresses do not match.',
    path: ['confirmEmail'],
    // Checked even when other fields failed, so the form lists every problem at once.
    when: (payload) => {
      const v = payload.value as { email?: unknown; confirmEmail?: unknown };
      return typeof v.email === 'string' && typeof v.confirmEmail === 'string';
    },
  });
export type ProviderDetails = z.infer<typeof ProviderDetailsSchema>;
export type ProviderDetailsField = keyof z.input<typeof ProviderDetailsSchema>;

export const PROVIDER_DETAILS_FIELDS: readonly ProviderDetailsField[] = ['username', 'firstName', 'lastName', 'address1', 'address2', 'city', 'state', 'zip', 'email', 'confirmEmail', 'phone', 'fax'];

/** The first message for each field that failed, for the form. */
export function fieldErrors(error: z.ZodError): Partial<Record<ProviderDetailsField, string>> {
  const out: Partial<Record<ProviderDetailsField, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as ProviderDetailsField | undefined;
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}
