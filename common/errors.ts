// No zod here: the browser host loads this before anything else, and zod's import costs ~50 ms there.
// The schema for AppErrorView lives with the rest of the contract (common/ipc/contract.ts).

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

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export interface AppErrorView {
  code: ErrorCode;
  message: string;
  /** The form field the error is about, so the UI can put the message next to it. */
  field?: string;
  /** Reference id for unexpected failures, to match a report with the log line. */
  ref?: string;
}

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
