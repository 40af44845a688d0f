/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet. A cell that starts with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before reading the next character) would be taken as a
 * formula: a name typed as `=HYPERLINK("http://evil.example",…)` in a profile would run in the office
 * administrator's Excel. Such cells get a leading apostrophe, which spreadsheets show as text (OWASP,
 * "CSV Injection"). Then quoting: a cell with a comma, quote, line break or edge space is wrapped in
 * quotes with its quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with the CRLF that RFC 4180 asks for. */
export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Excel reads a CSV file without a byte-order mark as the machine's legacy code page, so "Peña" comes out
 * as "PeÃ±a"; with the mark it reads UTF-8. Other readers ignore it.
 */
export const UTF8_BOM = '\uFEFF';
