import type { MfaMethod } from './mfaMethods.js';

/**
 * A user's registered second factor. A user has at most one registration per method; an admin reset
 * (seed 003) removes them all so the user registers again at next login.
 */
export interface MfaRegistration {
  id: string;
  userId: string;
  method: MfaMethod;
  /** For sms and voice: the E.164 number codes go to. */
  phone: string | null;
  /** Null until the user proved the factor with a first code. */
  confirmedAt: string | null;
  createdAt: string;
}
