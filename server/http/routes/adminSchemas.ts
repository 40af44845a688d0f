import { z } from 'zod';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { ADMIN_SECOND_FACTORS } from '../../admin/signIn/adminSignIn.js';
import { USER_SORTS } from '../../admin/users/userCursor.js';
import { MFA_STATES } from '../../admin/users/userSearch.js';
import { MFA_METHODS } from '../../domain/mfaMethods.js';
import { ROLES, USER_STATUSES } from '../../domain/user.js';

// The admin API's request and response shapes, declared once: they validate requests, type handlers
// and produce /openapi.json, which the desktop admin view is typed from.

export const ADMIN_TAG = 'admin';

export const AuthHeadersSchema = z.looseObject({
  authorization: z.string().meta({ description: '`Bearer <token>`, the token from `POST /api/admin/tokens`.', example: 'Bearer 3q2-7wEjvR0cT2e8kKx1WZcVQ6n0F4h9yS5tPbLmA1o' }),
});

/** Every authenticated route can answer these; each route adds its own. */
export const AUTH_ERRORS = { 401: AdminErrorSchema, 403: AdminErrorSchema } as const;
export const INPUT_ERRORS = { 400: AdminErrorSchema, ...AUTH_ERRORS } as const;

const id = (what: string) => z.string().trim().min(1, `${what} is empty.`).max(100, `${what} is longer than 100 characters.`);
export const UserParamsSchema = z.object({ userId: id('The user id') });
export const OrgParamsSchema = z.object({ orgId: id('The organization id') });
export const PhaseParamsSchema = z.object({ orgId: id('The organization id'), phaseId: id('The phase id') });

export const ReasonSchema = z
  .string({ error: 'Give a reason: it is written to the audit log.' })
  .trim()
  .min(3, 'Give a reason of at least 3 characters: it is written to the audit log.')
  .max(500, 'Keep the reason under 500 characters.')
  .meta({ description: 'Why, in the administrator\'s words (3–500 characters). Written to the audit log.', example: 'New phone; called the front desk to confirm.' });
export const OptionalReasonSchema = z
  .string()
  .trim()
  .max(500, 'Keep the reason under 500 characters.')
  .optional()
  .transform((value) => (value ? value : null))
  .meta({ description: 'Optional note for the audit log (at most 500 characters).' });

export const LimitSchema = z.coerce
  .number({ error: 'limit must be a number from 1 to 100.' })
  .int('limit must be a whole number from 1 to 100.')
  .min(1, 'limit must be a number from 1 to 100.')
  .max(100, 'limit must be a number from 1 to 100.')
  .default(50);
export const CursorSchema = z.string().max(2000).optional().meta({ description: '`nextCursor` of the previous page; omit for the first page.' });
const InstantSchema = z.iso.datetime({ offset: true, error: 'Write the time as ISO-8601 with its offset, e.g. 2026-01-05T09:00:00Z.' });

export const MfaMethodSchema = z.enum(MFA_METHODS, { error: `The method must be one of: ${MFA_METHODS.join(', ')}.` });

// ---- tokens ----
export const PasswordCredentialsSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username or email.').max(254, 'The username is longer than 254 characters.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'The password is longer than 1024 characters.'),
});
export const ChallengeBodySchema = PasswordCredentialsSchema.extend({
  method: z.enum(['sms', 'email'], { error: 'The method must be sms or email.' }),
}).meta({ id: 'AdminCodeRequest', description: 'Password first; then a one-time code goes to the registered number or email.' });
export const ChallengeResultSchema = z
  .object({ method: z.enum(['sms', 'email']), sentTo: z.string().meta({ example: 'XXX-XXX-9885' }) })
  .meta({ id: 'AdminCodeSent' });
export const TokenBodySchema = PasswordCredentialsSchema.extend({
  secondFactor: z.object({
    method: z.enum(ADMIN_SECOND_FACTORS, { error: 'The second factor must be totp, sms or email.' }),
    code: z.string().trim().regex(/^\d{6}$/, 'The code is 6 digits.'),
  }),
}).meta({ id: 'AdminSignIn', description: 'Username (or email), password and a second factor: an authenticator code, or the code sent by `POST /api/admin/tokens/challenge`.' });

export const ManagedOrganizationSchema = z
  .object({ id: z.string(), name: z.string(), npis: z.array(z.string()), role: z.enum(['clinic_admin', 'provider_admin']) })
  .meta({ id: 'ManagedOrganization' });
export const AdminMeSchema = z
  .object({
    user: z.object({ id: z.string(), username: z.string(), name: z.string(), email: z.string() }),
    organizations: z.array(ManagedOrganizationSchema),
    tokenExpiresAt: z.string(),
  })
  .meta({ id: 'AdminMe', description: 'The signed-in administrator and the organizations every call is limited to.' });
export const TokenResultSchema = AdminMeSchema.extend({ token: z.string(), tokenExpiresAt: z.string() }).meta({
  id: 'AdminToken',
  description: 'Send `token` as `Authorization: Bearer <token>`. Shown once; the service keeps only its hash.',
});

// ---- users ----
export const UserSummarySchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.enum(USER_STATUSES),
    lockedUntil: z.string().nullable().meta({ description: 'Set while the sign-in lockout (too many failures) holds the account.' }),
    mfa: z.object({
      state: z.enum(MFA_STATES).meta({ description: '`registered`: a confirmed second factor; `pending`: set up but never confirmed; `not_registered`: none.' }),
      methods: z.array(z.enum(MFA_METHODS)),
    }),
    organizations: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) })),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminUserSummary' });
export const UserListQuerySchema = z.object({
  q: z.string().max(100, 'Search for at most 100 characters.').optional().meta({
    description: 'Prefix of the name, username or email, any case. One or two characters match names only.',
  }),
  orgId: z.string().max(100).optional().meta({ description: 'Only users of this organization (one the caller manages).' }),
  status: z.enum(USER_STATUSES, { error: `status must be one of: ${USER_STATUSES.join(', ')}.` }).optional(),
  mfaState: z.enum(MFA_STATES, { error: `mfaState must be one of: ${MFA_STATES.join(', ')}.` }).optional(),
  method: MfaMethodSchema.optional(),
  phaseId: z.string().max(100).optional().meta({ description: 'Only members of this rollout phase.' }),
  sort: z.enum(USER_SORTS, { error: `sort must be one of: ${USER_SORTS.join(', ')}.` }).default('name'),
  direction: z.enum(['asc', 'desc'], { error: 'direction must be asc or desc.' }).default('asc'),
  limit: LimitSchema,
  cursor: CursorSchema,
});
export const UserListSchema = z
  .object({ users: z.array(UserSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminUserList', description: 'One page; pass `nextCursor` as `cursor` for the next, while it is not null.' });

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    event: z.string(),
    actor: z.object({ id: z.string(), username: z.string().nullable(), name: z.string().nullable() }).nullable(),
    subject: z.object({ id: z.string(), username: z.string().nullable(), name: z.string().nullable() }).nullable(),
    organization: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    ip: z.string().nullable(),
    reason: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const UserDetailSchema = UserSummarySchema.extend({
  primaryPhone: z.string().nullable(),
  secondaryPhone: z.string().nullable(),
  registrations: z.array(z.object({ method: z.enum(MFA_METHODS), phone: z.string().nullable(), confirmedAt: z.string().nullable(), createdAt: z.string() })),
  phases: z.array(z.object({ id: z.string(), name: z.string(), organizationId: z.string(), enforcementDate: z.string().nullable(), notifiedAt: z.string().nullable() })),
  recentEvents: z.array(AuditEntrySchema),
}).meta({ id: 'AdminUserDetail', description: 'Phone numbers are masked as the login page shows them.' });

export const ReasonBodySchema = z.object({ reason: ReasonSchema });
// The body may be left out altogether (no reason to give): Fastify hands the validator null then.
export const OptionalReasonBodySchema = z
  .object({ reason: OptionalReasonSchema })
  .nullish()
  .transform((body) => ({ reason: body?.reason ?? null }));
export const MfaResetResultSchema = z
  .object({
    user: UserSummarySchema,
    removedMethods: z.array(z.enum(MFA_METHODS)),
    emailed: z.boolean(),
    emailProblem: z.string().nullable().meta({ description: 'Why the notice could not be sent; the reset stands.' }),
  })
  .meta({ id: 'MfaResetResult' });
export const RegistrationLinkResultSchema = z.object({ sentTo: z.string(), expiresAt: z.string() }).meta({ id: 'RegistrationLinkSent' });

// ---- audit ----
export const AuditQuerySchema = z.object({
  orgId: z.string().max(100).optional(),
  userId: z.string().max(100).optional().meta({ description: 'Lines where this user acted or was acted on.' }),
  event: z.string().max(100).optional().meta({ example: 'user.mfa_reset' }),
  from: InstantSchema.optional().meta({ description: 'From this instant (inclusive).' }),
  to: InstantSchema.optional().meta({ description: 'Until this instant (exclusive).' }),
  limit: LimitSchema,
  cursor: CursorSchema,
});
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });
