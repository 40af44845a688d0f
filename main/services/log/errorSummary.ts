/**
 * An error for a log line: its name and where it was thrown, never its message (messages may quote
 * input: a pasted link, a file's content).
 */
export function errorSummary(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  // Only the frame lines: a message with line breaks (zod's quote input) spills into the stack's top.
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 5);
  return frames.length ? `${e.name}\n${frames.join('\n')}` : e.name;
}
