import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csvCell.js';

describe('csvCell', () => {
  it('leaves plain text, numbers and empty values alone', () => {
    expect(csvCell('Ana Lopez')).toBe('Ana Lopez');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('2026-01-05T09:00:10.000Z')).toBe('2026-01-05T09:00:10.000Z');
  });

  it('quotes a cell with a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvCell('Lopez, Ana')).toBe('"Lopez, Ana"');
    expect(csvCell('Ana "Annie" Lopez')).toBe('"Ana ""Annie"" Lopez"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('defuses every cell a spreadsheet would run as a formula with a leading apostrophe', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+15555550123')).toBe("'+15555550123");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=cmd')).toBe("'\t=cmd");
    expect(csvCell('\r=cmd')).toBe("\"'\r=cmd\"");
    expect(csvCell('=HYPERLINK("http://evil.example","Click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""Click"")"');
    expect(csvCell('=cmd|\' /C calc\'!A0, x')).toBe('"\'=cmd|\' /C calc\'!A0, x"');
  });

  it('leaves a formula character that is not first alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('ana@clinic.example')).toBe('ana@clinic.example');
  });

  it('joins a record with commas and ends it with CRLF', () => {
    expect(csvLine(['a', 'b,c', null, '=x'])).toBe('a,"b,c",,\'=x\r\n');
  });
});
