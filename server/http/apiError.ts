import { z } from 'zod';

/**
 * The one error shape every JSON route answers with. `message` is written for the person at the desk;
 * `ref` appears on unexpected failures and matches the log line that holds the details.
 */
export const API_ERROR_CODES = ['InvalidInput', 'NotFound', 'Unavailable', 'Internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      ref: z.string().optional(),
    }),
  })
  .meta({ id: 'ApiError', description: 'What went wrong, in words a person can act on.' });
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

export function apiError(code: ApiErrorCode, message: string, ref?: string): ApiErrorBody {
  return { error: { code, message, ...(ref ? { ref } : {}) } };
}
