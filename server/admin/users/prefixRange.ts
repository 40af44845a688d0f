/**
 * The smallest string greater than every string that starts with `prefix`, in code-point order: the
 * prefix with its last code point raised by one. `col >= prefix and col < upper` is then exactly "starts
 * with prefix", and an index in code-point order answers it with one range scan (SQLite's BINARY
 * collation, PostgreSQL's "C"). LIKE would need ESCAPE handling and, on SQLite, a NOCASE index.
 */
export function prefixUpperBound(prefix: string): string | null {
  const codePoints = Array.from(prefix);
  const last = codePoints.pop();
  if (last === undefined) throw new RangeError('a prefix must not be empty');
  let next = last.codePointAt(0)! + 1;
  // Surrogate code points are not characters; the next character after U+D7FF is U+E000.
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  // Nothing sorts after U+10FFFF: the bound is then the shorter prefix's, or none at all (null).
  if (next > 0x10ffff) return codePoints.length === 0 ? null : prefixUpperBound(codePoints.join(''));
  return codePoints.join('') + String.fromCodePoint(next);
}
