import { MFA_METHODS, type MfaMethod } from '../domain/mfaMethods.js';
import type { MfaPolicy } from '../domain/organization.js';

/**
 * What the second step of a sign-in is:
 * - `none`: signed in on the password alone (MFA off, or not yet enforced and nothing registered);
 * - `challenge`: prove one of `methods` (registered, confirmed, and allowed where MFA is enforced);
 * - `register`: MFA is enforced and nothing usable is registered: register one of `allowed` first.
 */
export type MfaRequirement =
  | { kind: 'none' }
  | { kind: 'challenge'; methods: MfaMethod[] }
  | { kind: 'register'; allowed: MfaMethod[] };

/**
 * MFA belongs to the user, not to an NPI or an organization (seed 002), so one decision covers all the
 * user's organizations: MFA is enforced when any of them requires it and its enforcement date has come;
 * the allowed methods are those every enforcing organization allows (a fixed method narrows its
 * organization's list to that one). Should enforcing organizations share no method at all, any method
 * one of them allows is accepted rather than locking the user out; docs/server.md says so.
 *
 * A user who registered a method before enforcement is asked for it: having registered is opting in.
 */
export function mfaRequirement(policies: readonly MfaPolicy[], confirmedMethods: readonly MfaMethod[], now: Date): MfaRequirement {
  const enforcing = policies.filter((p) => p.mode === 'required' && (p.enforcementDate === null || Date.parse(p.enforcementDate) <= now.getTime()));
  const registered = MFA_METHODS.filter((m) => confirmedMethods.includes(m));
  if (enforcing.length === 0) return registered.length > 0 ? { kind: 'challenge', methods: registered } : { kind: 'none' };

  const allowedBy = (p: MfaPolicy): readonly MfaMethod[] => (p.methodChoice === 'fixed' && p.fixedMethod ? [p.fixedMethod] : p.allowedMethods);
  let allowed = MFA_METHODS.filter((m) => enforcing.every((p) => allowedBy(p).includes(m)));
  if (allowed.length === 0) allowed = MFA_METHODS.filter((m) => enforcing.some((p) => allowedBy(p).includes(m)));

  const usable = registered.filter((m) => allowed.includes(m));
  return usable.length > 0 ? { kind: 'challenge', methods: usable } : { kind: 'register', allowed };
}
