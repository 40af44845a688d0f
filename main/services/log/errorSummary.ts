/**
 * An error for a log line: its name and where it was thrown, never its message (messages may quote
 * input: a pasted link, a file's content).
 */
export function errorSummary(e: unknown): string {
  if (e instanceof Error) return `${e.name}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return typeof e;
}
