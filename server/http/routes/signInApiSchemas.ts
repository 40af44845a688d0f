import { z } from 'zod';
import { SIGN_IN_NOTICES, SIGN_IN_PROBLEMS, type SignInNotice, type SignInProblem } from '../../auth/signInProblems.js';
import type { SignInResult } from '../../auth/signInResult.js';
import { MFA_METHODS } from '../../domain/mfaMethods.js';
import { API_ERROR_CODES } from '../apiError.js';

/**
 * The sign-in API's schemas: they validate requests, type the handlers and write /openapi.json.
 * Errors keep the service's one shape, with the two codes a sign-in needs beyond the shared list (the
 * same words the admin API uses).
 */
export const SIGN_IN_ERROR_CODES = [...API_ERROR_CODES, 'Unauthenticated', 'TooManyRequests'] as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[number];

export const SignInErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(SIGN_IN_ERROR_CODES),
      message: z.string(),
      /** Which sign-in problem (`invalid_credentials`, `locked`, `mfa_failed`, …), for clients that branch on it. */
      reason: z.enum(Object.keys(SIGN_IN_PROBLEMS) as [SignInProblem, ...SignInProblem[]]).optional(),
      ref: z.string().optional(),
    }),
  })
  .meta({ id: 'SignInApiError', description: 'Why the sign-in stopped, in words a person can act on. `Unauthenticated` means: sign in again.' });
export type SignInErrorBody = z.infer<typeof SignInErrorSchema>;

export function signInError(code: SignInErrorCode, reason: SignInProblem): SignInErrorBody {
  return { error: { code, message: SIGN_IN_PROBLEMS[reason], reason } };
}

const Method = z.enum(MFA_METHODS).meta({ description: '`totp` (authenticator app), `sms`, `voice` (call, press #) or `email`.' });
const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'A token is 43 characters of base64url.');

/** `Authorization: Bearer <token>`: the login token during sign-in, the session token after. */
export const BearerHeaders = z.object({
  authorization: z.string().max(200).optional().meta({ description: '`Bearer <loginToken>` during sign-in, `Bearer <sessionToken>` after it.' }),
});

export const LoginBody = z
  .object({
    username: z.string().trim().min(1, 'Enter your username or email.').max(254, 'A username or email has at most 254 characters.').meta({ description: 'Username or email address.' }),
    // Argon2id accepts any length; the bound keeps one request from costing more than a normal one.
    password: z.string().min(1, 'Enter your password.').max(1024, 'A password has at most 1024 characters.'),
    deviceToken: Token.optional().meta({ description: 'A `rememberToken` from an earlier sign-in with "remember": skips the second factor for the same method while valid.' }),
  })
  .meta({ id: 'SignInLogin' });

export const MethodBody = z.object({ method: Method, deviceToken: Token.optional() }).meta({ id: 'SignInMethodChoice' });
export const RegistrationMethodBody = z.object({ method: Method }).meta({ id: 'SignInRegistrationMethod' });

const sixDigits = z
  .string()
  .max(20)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => /^\d{6}$/.test(s), 'code must be the 6 digits from your app, text or email.');

export const CodeBody = z.object({ code: sixDigits, remember: z.boolean().default(false) }).meta({ id: 'SignInCode' });
export const RegistrationCodeBody = z.object({ code: sixDigits }).meta({ id: 'SignInRegistrationCode' });
export const CallBody = z.object({ remember: z.boolean().default(false) }).meta({ id: 'SignInCallCheck' });
export const PhoneBody = z
  .object({
    phone: z.string().max(40).meta({ description: 'A US 10-digit direct line, any common format; no extensions.' }),
    secondaryPhone: z.string().max(40).optional().meta({ description: 'Voice only: called when the primary number does not answer.' }),
  })
  .meta({ id: 'SignInPhone' });

const Option = z.object({ method: Method, destination: z.string().nullable().meta({ description: 'Masked: XXX-XXX-9885, a•••@clinic.example.' }) });
const User = z.object({ id: z.string(), username: z.string(), name: z.string(), email: z.string() }).meta({ id: 'SignedInUser' });

export const SignInStateSchema = z
  .object({
    status: z.enum(['signed_in', 'pending']),
    /** pending: which stage and step comes next. */
    stage: z.enum(['second_factor', 'registration']).optional(),
    step: z.enum(['choose_method', 'enter_code', 'answer_call', 'enter_phone', 'scan_qr']).optional(),
    method: Method.nullable(),
    options: z.array(Option).optional(),
    destination: z.string().nullable().optional(),
    codeSent: z.boolean().optional(),
    callLeg: z.enum(['primary', 'secondary']).nullable().optional().meta({ description: 'answer_call: the number being called now; after the primary went unanswered, the secondary.' }),
    authenticator: z
      .object({ secret: z.string(), keyText: z.string(), account: z.string(), otpauthUri: z.string(), qrSvg: z.string() })
      .nullable()
      .optional()
      .meta({ description: 'Registration with an authenticator app: the key (Base32), the otpauth:// URI and its QR code as SVG.' }),
    loginToken: z.string().optional().meta({ description: 'From /api/auth/login when a second step follows: send it as `Authorization: Bearer` to the next calls.' }),
    sessionToken: z.string().optional().meta({ description: 'Signed in: the session, as `Authorization: Bearer`.' }),
    expiresAt: z.string(),
    user: User.optional(),
    rememberToken: z.string().optional().meta({ description: 'When "remember" was asked: pass it as `deviceToken` at the next sign-in.' }),
    rememberExpiresAt: z.string().optional(),
    rememberedDevice: z.boolean().optional(),
    notice: z.object({ code: z.enum(Object.keys(SIGN_IN_NOTICES) as [SignInNotice, ...SignInNotice[]]), message: z.string() }).optional(),
    problem: z
      .object({ code: z.enum(Object.keys(SIGN_IN_PROBLEMS) as [SignInProblem, ...SignInProblem[]]), message: z.string() })
      .optional()
      .meta({ description: 'The step was not done (a wrong registration code, a bad number); correct and try again.' }),
  })
  .meta({ id: 'SignInState', description: 'Where a sign-in stands: signed in, or the next step to take.' });
export type SignInState = z.infer<typeof SignInStateSchema>;

export const SessionInfoSchema = z
  .object({
    user: User,
    method: Method.nullable(),
    expiresAt: z.string(),
    idleExpiresAt: z.string(),
    termsAccepted: z.boolean().meta({
      description: 'False for a new provider until the Terms of Use are accepted (POST /api/register/terms); nothing else of the portal is for them before that.',
    }),
  })
  .meta({ id: 'SignInSession', description: 'The signed-in session the bearer token names.' });

/** A step's result as the API's answer (ended results are errors, answered by the route). */
export function toSignInState(result: Exclude<SignInResult, { kind: 'ended' }>): SignInState {
  if (result.kind === 'signed_in') {
    return {
      status: 'signed_in',
      method: result.method,
      sessionToken: result.session.token,
      expiresAt: result.session.expiresAt,
      user: result.user,
      rememberedDevice: result.remembered,
      ...(result.remember ? { rememberToken: result.remember.token, rememberExpiresAt: result.remember.expiresAt } : {}),
    };
  }
  const v = result.view;
  return {
    status: 'pending',
    stage: v.stage,
    step: v.step,
    method: v.method,
    options: v.options,
    destination: v.destination,
    codeSent: v.codeSent,
    callLeg: v.callLeg,
    authenticator: v.authenticator,
    expiresAt: v.expiresAt,
    ...(result.kind === 'pending' && result.token ? { loginToken: result.token.token } : {}),
    ...(result.kind === 'pending' && result.notice ? { notice: { code: result.notice, message: SIGN_IN_NOTICES[result.notice] } } : {}),
    ...(result.kind === 'retry' ? { problem: { code: result.problem, message: SIGN_IN_PROBLEMS[result.problem] } } : {}),
  };
}
