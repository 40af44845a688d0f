/**
 * A type guard for the keys of a fixed table (message keys that travel in a redirect's query string or
 * a form, and so arrive as any string): own keys only, never `toString` or `__proto__`.
 */
export const isKeyOf =
  <M extends object>(table: M) =>
  (value: unknown): value is keyof M & string =>
    typeof value === 'string' && Object.hasOwn(table, value);
