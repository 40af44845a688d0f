import type { CodeChannel, CodePurpose } from './codePurpose.js';

export interface CodeRules {
  /** How long a code stays valid after it is issued. */
  lifetimeSeconds: number;
  /** Tries allowed on one code, right or wrong; then the user asks for a new one. */
  maxAttempts: number;
}

/**
 * Lifetimes and tries per code. An override names a purpose and channel (`login:email`) or a purpose
 * alone (`forgot_password`); the more specific one wins, then the defaults apply.
 */
export interface OneTimeCodePolicy extends CodeRules {
  overrides: Partial<Record<`${CodePurpose}:${CodeChannel}` | CodePurpose, Partial<CodeRules>>>;
}

/** The defaults: 10 minutes, a handful of tries. */
export const DEFAULT_CODE_POLICY: OneTimeCodePolicy = { lifetimeSeconds: 600, maxAttempts: 5, overrides: {} };

export function codeRulesFor(policy: OneTimeCodePolicy, purpose: CodePurpose, channel: CodeChannel): CodeRules {
  const specific = policy.overrides[`${purpose}:${channel}`] ?? {};
  const byPurpose = policy.overrides[purpose] ?? {};
  return {
    lifetimeSeconds: specific.lifetimeSeconds ?? byPurpose.lifetimeSeconds ?? policy.lifetimeSeconds,
    maxAttempts: specific.maxAttempts ?? byPurpose.maxAttempts ?? policy.maxAttempts,
  };
}

/** Throws RangeError at start-up for a policy that would make codes unusable or unbounded. */
export function assertValidCodePolicy(policy: OneTimeCodePolicy): void {
  const all: Array<[string, Partial<CodeRules>]> = [['default', policy], ...Object.entries(policy.overrides)];
  for (const [name, rules] of all) {
    const { lifetimeSeconds, maxAttempts } = rules;
    if (lifetimeSeconds !== undefined && !(Number.isInteger(lifetimeSeconds) && lifetimeSeconds >= 30 && lifetimeSeconds <= 86_400)) {
      throw new RangeError(`One-time code lifetime for ${name} must be a whole number of seconds from 30 to 86400`);
    }
    if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 20)) {
      throw new RangeError(`One-time code tries for ${name} must be a whole number from 1 to 20`);
    }
  }
}
