import { z } from 'zod';

/**
 * The small set of failures a person can act on. Each carries a message written for a receptionist,
 * never a secret. Anything else is `Internal` and is shown with a reference id.
 */
export const ERROR_CODES = [
  'InvalidUri',
  'InvalidSecret',
  'InvalidInput',
  'NotFound',
  'KeychainUnavailable',
  'VaultCorrupt',
  'VaultBusy',
  'Internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const AppErrorViewSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The form field the error is about, so the UI can put the message next to it. */
  field: z.string().optional(),
  /** Reference id for unexpected failures, to match a report with the log line. */
  ref: z.string().optional(),
});
export type AppErrorView = z.infer<typeof AppErrorViewSchema>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toView(): AppErrorView {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
