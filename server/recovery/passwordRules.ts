import { z } from 'zod';
import { SELF_SERVICE_PROBLEMS, type SelfServiceProblem } from './selfServiceMessages.js';

export const PASSWORD_MIN_LENGTH = 12;
/** Argon2id takes any length; the bound keeps one request from costing more than a normal one. */
export const PASSWORD_MAX_LENGTH = 128;

/** The rules as the pages state them, above the fields (and in the API's description). */
export const PASSWORD_RULES: readonly string[] = [
  `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password that is easy to type.`,
  `At most ${PASSWORD_MAX_LENGTH} characters.`,
  'It must not contain your username, your email address or the portal’s name.',
  'Not one character repeated (such as “aaaaaaaaaaaa”).',
];

/** Whose password it is: what the new one must not contain. */
export interface PasswordOwner {
  username: string;
  email: string;
  portalName: string;
}

const problem = (ctx: z.RefinementCtx, code: SelfServiceProblem, path: 'password' | 'confirmPassword') =>
  ctx.addIssue({ code: 'custom', message: SELF_SERVICE_PROBLEMS[code], path: [path], params: { problem: code } });

/**
 * The new password and its confirmation, checked against the rules above (NIST SP 800-63B: length over
 * composition rules, nothing derived from the account). The first failing rule is reported.
 */
export function newPasswordSchema(owner: PasswordOwner) {
  const forbidden = [owner.username, owner.email, owner.email.split('@')[0] ?? '', owner.portalName]
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length >= 3);
  return z
    .object({ password: z.string().max(1024), confirmPassword: z.string().max(1024) })
    .superRefine((v, ctx) => {
      if (v.password === '' || v.confirmPassword === '') return problem(ctx, 'password_needed', 'password');
      // Counted in code points, so an emoji or accented letter is one character, as people count them.
      const length = [...v.password].length;
      if (length < PASSWORD_MIN_LENGTH) return problem(ctx, 'password_too_short', 'password');
      if (length > PASSWORD_MAX_LENGTH) return problem(ctx, 'password_too_long', 'password');
      const lower = v.password.toLowerCase();
      if (forbidden.some((f) => lower.includes(f))) return problem(ctx, 'password_contains_name', 'password');
      if (new Set(v.password).size === 1) return problem(ctx, 'password_repeated', 'password');
      if (v.password !== v.confirmPassword) return problem(ctx, 'password_mismatch', 'confirmPassword');
    });
}

/** The problem code of a failed check, for the page's address and the API's answer. */
export function passwordProblem(input: { password: string; confirmPassword: string }, owner: PasswordOwner): SelfServiceProblem | null {
  const parsed = newPasswordSchema(owner).safeParse(input);
  if (parsed.success) return null;
  const code = (parsed.error.issues[0] as { params?: { problem?: SelfServiceProblem } } | undefined)?.params?.problem;
  return code ?? 'password_needed';
}
