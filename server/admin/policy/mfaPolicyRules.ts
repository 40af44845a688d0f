import type { MfaMethod } from '../../domain/mfaMethods.js';
import type { MfaPolicy } from '../../domain/organization.js';

/** How the methods are named to an office administrator (seeds 001–003). */
export const METHOD_LABELS: Record<MfaMethod, string> = {
  totp: 'authenticator app',
  sms: 'text message',
  voice: 'phone call',
  email: 'email',
};

const list = (methods: readonly MfaMethod[]) => methods.map((m) => METHOD_LABELS[m]).join(', ');

/**
 * What is wrong with a policy an administrator asks for, as sentences they can act on; empty when it
 * can be saved. The shape (known methods, a date) is checked before this; these are the rules between
 * fields, which the database's CHECK constraints hold too, with messages no person could act on.
 */
export function mfaPolicyProblems(policy: MfaPolicy): string[] {
  const problems: string[] = [];
  const allowed = policy.allowedMethods;
  if (allowed.length === 0) problems.push(`Allow at least one method: ${list(['totp', 'sms', 'voice', 'email'])}.`);
  const twice = allowed.filter((m, i) => allowed.indexOf(m) !== i);
  if (twice.length > 0) problems.push(`Each method can be listed once; ${list([...new Set(twice)])} is listed more than once.`);

  if (policy.methodChoice === 'fixed') {
    if (policy.fixedMethod === null) problems.push('With one method for everybody, say which method it is.');
    else if (allowed.length > 0 && !allowed.includes(policy.fixedMethod)) {
      problems.push(`The method everybody uses (${METHOD_LABELS[policy.fixedMethod]}) must be one of the allowed methods (${list(allowed)}).`);
    }
  } else {
    if (policy.fixedMethod !== null) {
      problems.push('A fixed method applies only when everybody uses one method. Choose "one method for everybody", or leave the fixed method empty.');
    }
    if (allowed.length === 1) problems.push(`With the user's choice, allow at least two methods to choose from, or make ${list(allowed)} the one method for everybody.`);
  }

  if (policy.mode === 'off' && policy.enforcementDate !== null) {
    problems.push('An enforcement date applies only when MFA is required. Set MFA to required, or clear the date.');
  }
  return problems;
}
