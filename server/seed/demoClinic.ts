import type { MfaPolicy } from '../domain/organization.js';
import type { Role } from '../domain/user.js';

/**
 * The demo clinic `npm run server` starts with. Names, addresses (the reserved `.example` domain) and
 * numbers (555-01xx, reserved for fiction) are invented; the NPIs pass the NPI check digit but were made up.
 */
export const DEMO_ORGANIZATION = {
  name: 'Riverside Family Clinic',
  npis: ['1528394061', '1847293010', '1745029383'],
  // Seeds 000 and 001: MFA on for the clinic, every method allowed, each user picks theirs.
  mfaPolicy: {
    mode: 'required',
    allowedMethods: ['totp', 'sms', 'voice', 'email'],
    methodChoice: 'user_choice',
    fixedMethod: null,
    enforcementDate: null,
  } satisfies MfaPolicy,
} as const;

export interface DemoUserSpec {
  username: string;
  name: string;
  email: string;
  primaryPhone: string | null;
  secondaryPhone: string | null;
  role: Role;
}

export const DEMO_USERS: readonly DemoUserSpec[] = [
  { username: 'clinic.admin', name: 'Dana Whitfield', email: 'dana.whitfield@riverside-clinic.example', primaryPhone: '+13125550101', secondaryPhone: null, role: 'clinic_admin' },
  { username: 'provider.admin', name: 'Marcus Ortega', email: 'marcus.ortega@riverside-clinic.example', primaryPhone: '+13125550102', secondaryPhone: '+13125550112', role: 'provider_admin' },
  { username: 'ana.lopez', name: 'Ana Lopez', email: 'ana.lopez@riverside-clinic.example', primaryPhone: '+13125550103', secondaryPhone: null, role: 'staff' },
  { username: 'ben.carter', name: 'Ben Carter', email: 'ben.carter@riverside-clinic.example', primaryPhone: '+13125550104', secondaryPhone: '+13125550114', role: 'staff' },
  { username: 'chloe.nguyen', name: 'Chloe Nguyen', email: 'chloe.nguyen@riverside-clinic.example', primaryPhone: null, secondaryPhone: null, role: 'staff' },
];
