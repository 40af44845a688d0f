import { z } from 'zod';
import { API_ERROR_CODES } from '../http/apiError.js';

/**
 * The admin API answers in the service's one error shape (`{"error":{"code","message","ref"}}`,
 * server/http/apiError.ts) with four more codes that a bearer-token API needs. They live here so the
 * shared list changes only when another part needs them too.
 */
export const ADMIN_ERROR_CODES = [...API_ERROR_CODES, 'Unauthenticated', 'Forbidden', 'Conflict', 'TooManyRequests'] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

export const AdminErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ADMIN_ERROR_CODES),
      message: z.string(),
      ref: z.string().optional(),
    }),
  })
  .meta({ id: 'AdminApiError', description: 'What went wrong, in words a person can act on. Same shape as ApiError.' });
export type AdminErrorBody = z.infer<typeof AdminErrorSchema>;

const STATUS: Record<AdminErrorCode, number> = {
  InvalidInput: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  TooManyRequests: 429,
  Internal: 500,
  Unavailable: 503,
};

/**
 * A refusal the admin API means to give: thrown anywhere below a route and turned into its answer by
 * the admin routes' error handler. The message is for the administrator at the desk; it never holds a
 * password, a code or a token.
 */
export class AdminError extends Error {
  readonly status: number;

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    /** Seconds until a locked account or address may try again (TooManyRequests): sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = STATUS[code];
  }

  get body(): AdminErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The one answer a user or organization outside the caller's reach gets: the same as one that does not exist. */
export const notFound = (what: 'user' | 'organization' | 'phase' | 'registration code'): AdminError =>
  new AdminError('NotFound', `There is no ${what === 'phase' ? 'rollout phase' : what} with this id among the organizations you manage.`);
