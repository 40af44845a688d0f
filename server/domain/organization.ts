import type { MfaMethod } from './mfaMethods.js';

export const MFA_MODES = ['off', 'required'] as const;
export type MfaMode = (typeof MFA_MODES)[number];

/** Seed 001: the admin picks one method for everybody, or lets each user choose among the allowed ones. */
export const MFA_METHOD_CHOICES = ['fixed', 'user_choice'] as const;
export type MfaMethodChoice = (typeof MFA_METHOD_CHOICES)[number];

/** An organization's MFA policy. MFA itself belongs to the user (seed 002); the policy says what is asked of them. */
export interface MfaPolicy {
  mode: MfaMode;
  allowedMethods: readonly MfaMethod[];
  methodChoice: MfaMethodChoice;
  /** Set when `methodChoice` is `fixed`; always one of `allowedMethods`. */
  fixedMethod: MfaMethod | null;
  /** ISO-8601 UTC instant from which MFA is mandatory (seed 000); null means at once when `mode` is required. */
  enforcementDate: string | null;
}

export interface Organization {
  id: string;
  name: string;
  npis: readonly string[];
  mfaPolicy: MfaPolicy;
}
