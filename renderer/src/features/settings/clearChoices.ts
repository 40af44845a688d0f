/** One entry of the "Clear the clipboard after" select. `seconds` 0 means never (as in the setting). */
export interface ClearChoice {
  seconds: number;
  label: string;
}

export const DEFAULT_CLEAR_SECONDS = 30;

const PRESETS = [10, 20, 30, 45, 60, 90, 120] as const;

/** "10 s", "2 min", "Never": short, since the select sits beside a sentence that says what it does. */
export function clearLabel(seconds: number): string {
  if (seconds <= 0) return 'Never';
  const text = seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
  return seconds === DEFAULT_CLEAR_SECONDS ? `${text} (default)` : text;
}

/**
 * The presets, plus the saved value when it is not one of them (the setting allows any 0–3600 s, e.g. a
 * hand-edited settings file), so the select always shows what is really in force. Never comes last.
 */
export function clearChoices(current: number): ClearChoice[] {
  const values: number[] = [...PRESETS];
  if (current > 0 && !values.includes(current)) values.push(current);
  values.sort((a, b) => a - b);
  return [...values, 0].map((seconds) => ({ seconds, label: clearLabel(seconds) }));
}
