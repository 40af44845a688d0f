/**
 * What a log line keeps of an error: its class, its code and where it was thrown, never its words.
 * Messages and extra fields of library errors can quote their input: a PostgreSQL error's `detail`
 * ("Failing row contains (…)") can hold a password hash or a row with a code in it, `where` and
 * `parameters` likewise, and a message can quote the value it refused. Issue 4: no secret, code or
 * password in any log. The names a database error gives (SQLSTATE, constraint, table, column) stay:
 * they say what failed without saying with what.
 */
export interface LoggedError {
  type: string;
  /** The error's `code` (a SQLSTATE, ERR_…); named apart because log redaction blanks every `code`. */
  errorCode?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The stack's frames, without its first line (which repeats the message). */
  stack?: string;
  cause?: LoggedError;
}

const NAMED_FIELDS = ['constraint', 'table', 'column'] as const;

export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error };
  const logged: LoggedError = { type: error.name || error.constructor.name };
  const fields = error as unknown as Record<string, unknown>;
  if (typeof fields.code === 'string') logged.errorCode = fields.code;
  for (const f of NAMED_FIELDS) if (typeof fields[f] === 'string') logged[f] = fields[f];
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line));
  if (frames?.length) logged.stack = frames.join('\n');
  if (error.cause !== undefined && depth < 3) logged.cause = errorForLog(error.cause, depth + 1);
  return logged;
}
