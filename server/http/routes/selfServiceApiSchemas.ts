import { z } from 'zod';
import { SELF_SERVICE_NOTICES, SELF_SERVICE_PROBLEMS, type SelfServiceNotice, type SelfServiceProblem } from '../../recovery/selfServiceMessages.js';
import { PASSWORD_RULES } from '../../recovery/passwordRules.js';
import { API_ERROR_CODES } from '../apiError.js';

/**
 * The self-service API's schemas (forgotten password, registration): they validate requests, type the
 * handlers and write /openapi.json. Errors keep the service's one shape, with the sign-in API's extra codes.
 */
export const SELF_SERVICE_ERROR_CODES = [...API_ERROR_CODES, 'Unauthenticated', 'TooManyRequests', 'Gone'] as const;
export type SelfServiceErrorCode = (typeof SELF_SERVICE_ERROR_CODES)[number];

const ProblemCode = z.enum(Object.keys(SELF_SERVICE_PROBLEMS) as [SelfServiceProblem, ...SelfServiceProblem[]]);
const NoticeCode = z.enum(Object.keys(SELF_SERVICE_NOTICES) as [SelfServiceNotice, ...SelfServiceNotice[]]);

export const SelfServiceErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(SELF_SERVICE_ERROR_CODES),
      message: z.string(),
      reason: ProblemCode.optional().meta({ description: 'Which problem (`flow_expired`, `locked`, `invalid_credentials`, …), for clients that branch on it.' }),
      /** Details form: the problem of each field, in words. */
      fields: z.record(z.string(), z.string()).optional(),
      ref: z.string().optional(),
    }),
  })
  .meta({ id: 'SelfServiceError', description: 'Why the step was not done, in words a person can act on. `Unauthenticated`: start the flow again.' });
export type SelfServiceErrorBody = z.infer<typeof SelfServiceErrorSchema>;

export function selfServiceError(code: SelfServiceErrorCode, reason: SelfServiceProblem, fields?: Record<string, string>): SelfServiceErrorBody {
  return { error: { code, message: SELF_SERVICE_PROBLEMS[reason], reason, ...(fields ? { fields } : {}) } };
}

export const Problem = z.object({ code: ProblemCode, message: z.string() }).meta({ description: 'The step was not done; correct and try again.' });
export const Notice = z.object({ code: NoticeCode, message: z.string() });
export const problemOf = (code: SelfServiceProblem) => ({ code, message: SELF_SERVICE_PROBLEMS[code] });
export const noticeOf = (code: SelfServiceNotice) => ({ code, message: SELF_SERVICE_NOTICES[code] });

export const FlowHeaders = z.object({
  authorization: z.string().max(200).optional().meta({ description: '`Bearer <flowToken>` from the first step of the flow.' }),
});
export const SessionHeaders = z.object({
  authorization: z.string().max(200).optional().meta({ description: '`Bearer <sessionToken>` of the signed-in session.' }),
});

const sixDigits = z
  .string()
  .max(20)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => /^\d{6}$/.test(s), 'code must be the 6 digits from the email or text.');
export const CodeBody = z.object({ code: sixDigits }).meta({ id: 'SelfServiceCode' });

const passwordRules = `Rules: ${PASSWORD_RULES.join(' ')}`;
export const NewPasswordBody = z
  .object({
    password: z.string().max(1024, 'A password has at most 1024 characters.').meta({ description: passwordRules }),
    confirmPassword: z.string().max(1024, 'A password has at most 1024 characters.').meta({ description: 'The same password again.' }),
  })
  .meta({ id: 'NewPassword' });

// --- Forgot password -------------------------------------------------------------------------------

export const ResetStartBody = z
  .object({ login: z.string().trim().min(1, 'Enter your email address or username.').max(254, 'An email address has at most 254 characters.').meta({ description: 'Email address or username.' }) })
  .meta({ id: 'PasswordResetStart' });

export const PasswordResetStateSchema = z
  .object({
    status: z.enum(['pending', 'done']),
    step: z.enum(['email_code', 'phone', 'new_password']).optional(),
    expiresAt: z.string().optional(),
    phone: z
      .object({ destination: z.string(), stage: z.enum(['choose', 'enter_code', 'answer_call']), callingTo: z.string().nullable(), callLeg: z.enum(['primary', 'secondary']).nullable() })
      .nullable()
      .optional()
      .meta({ description: 'The phone step: the number on file (masked, XXX-XXX-9885), and whether a code was texted or a call is ringing.' }),
    passwordRules: z.array(z.string()).optional(),
    codeMinutes: z.number().int().optional().meta({ description: 'How long an emailed code lasts.' }),
    flowToken: z.string().optional().meta({ description: 'From the first call: send it as `Authorization: Bearer` to the next ones.' }),
    notice: Notice.optional(),
    problem: Problem.optional(),
  })
  .meta({ id: 'PasswordResetState', description: 'Where a forgotten-password reset stands. `done`: the password was changed; sign in with it.' });
export type PasswordResetState = z.infer<typeof PasswordResetStateSchema>;

// --- Registration ----------------------------------------------------------------------------------

export const OrganizationBody = z
  .object({
    npi: z.string().max(40).meta({ description: 'One of the organization’s NPIs (10 digits).' }),
    registrationCode: z.string().max(64).meta({ description: 'The provider registration code the organization gave out.' }),
  })
  .meta({ id: 'ProviderRegistrationOrganization' });

export const SignupStateSchema = z
  .object({ flowToken: z.string(), expiresAt: z.string(), organizationName: z.string(), npi: z.string() })
  .meta({ id: 'ProviderRegistrationStarted', description: 'The organization is known: send the details next, with the flow token.' });

const text = (max: number, description?: string) => z.string().max(max).optional().meta(description ? { description } : {});
export const DetailsBody = z
  .object({
    username: z.string().max(64).meta({ description: '3–64 letters, digits, dots, dashes or underscores; no @.' }),
    firstName: z.string().max(80),
    lastName: z.string().max(80),
    address1: text(120),
    address2: text(120),
    city: text(80),
    state: text(2, 'USPS code, e.g. IL.'),
    zip: text(10),
    email: z.string().max(254),
    confirmEmail: z.string().max(254),
    phone: text(40, 'The office’s number, US 10 digits.'),
    fax: z.string().max(40).meta({ description: 'US 10 digits: where faxed determination letters go.' }),
  })
  .meta({ id: 'ProviderRegistrationDetails' });

export const LinkSentSchema = z
  .object({ status: z.literal('link_sent'), sentTo: z.string().meta({ description: 'Masked address the completion link went to (valid 20 minutes).' }) })
  .meta({ id: 'ProviderRegistrationLinkSent' });

export const LinkBody = z.object({ token: z.string().max(100).meta({ description: 'The `token` of the emailed link.' }) }).meta({ id: 'RegistrationLinkOpen' });

export const LinkStateSchema = z
  .object({
    status: z.enum(['create_password', 'enter_password', 'already_registered']),
    flowToken: z.string().optional(),
    expiresAt: z.string().optional(),
    username: z.string().optional(),
    passwordRules: z.array(z.string()).optional(),
  })
  .meta({ id: 'RegistrationLinkState', description: 'After the link: choose a password (new provider) or type yours, with the flow token.' });

export const LinkPasswordBody = z
  .object({ password: z.string().max(1024), confirmPassword: z.string().max(1024).optional().meta({ description: 'Required when creating the password.' }) })
  .meta({ id: 'RegistrationLinkPassword' });

export const LinkPasswordStateSchema = z
  .object({
    status: z.enum(['register_mfa', 'sign_in', 'retry']),
    loginToken: z.string().optional().meta({ description: 'register_mfa: continue with /api/auth/registration… as `Authorization: Bearer <loginToken>`.' }),
    expiresAt: z.string().optional(),
    problem: Problem.optional(),
  })
  .meta({ id: 'RegistrationLinkPasswordResult' });

export const TermsSchema = z
  .object({ version: z.string(), heading: z.string(), preamble: z.string(), terms: z.array(z.string()), required: z.boolean().meta({ description: 'True until this user (a new provider) has accepted.' }) })
  .meta({ id: 'TermsOfUse' });
export const TermsBody = z.object({ accept: z.literal(true, 'Set accept to true to agree to the terms of use.') }).meta({ id: 'TermsAcceptance' });

export const ResetBody = z.object({ username: z.string().trim().min(1, 'Enter your username.').max(254) }).meta({ id: 'RegistrationReset' });
export const ResendBody = z
  .object({ login: z.string().trim().min(1, 'Enter your email address or username.').max(254), password: z.string().min(1, 'Enter your password.').max(1024) })
  .meta({ id: 'RegistrationLinkResend' });
export const MessageSchema = z.object({ message: z.string() }).meta({ id: 'SelfServiceMessage' });
export const ResendResultSchema = z
  .object({ status: z.enum(['link_sent', 'already_registered']), sentTo: z.string().optional(), expiresAt: z.string().optional(), message: z.string() })
  .meta({ id: 'RegistrationLinkResent' });
