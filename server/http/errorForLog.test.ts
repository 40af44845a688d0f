import { Writable } from 'node:stream';
import { pino, type LoggerOptions } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './buildServer.js';
import { errorForLog } from './errorForLog.js';

describe('errorForLog', () => {
  it("keeps a database error's names and frames, none of its words or values", () => {
    const pg = Object.assign(new Error('new row for relation "users" violates check constraint "users_status_check"'), {
      name: 'error',
      code: '23514',
      constraint: 'users_status_check',
      table: 'users',
      detail: 'Failing row contains (u1, ana, $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA, 482913).',
      where: 'SQL statement "insert …" with 482913',
      parameters: ['482913', 'hunter2'],
    });
    const logged = errorForLog(pg);
    expect(logged).toMatchObject({ type: 'error', errorCode: '23514', constraint: 'users_status_check', table: 'users' });
    expect(logged.stack).toMatch(/^\s+at /);
    const text = JSON.stringify(logged);
    for (const secret of ['argon2id', '482913', 'hunter2', 'Failing row', 'violates']) expect(text).not.toContain(secret);
  });

  it('drops the message, which can quote what was refused, also in causes', () => {
    const inner = new TypeError('invalid input syntax for type uuid: "JBSWY3DPEHPK3PXP"');
    const outer = new Error('could not save 123456', { cause: inner });
    const text = JSON.stringify(errorForLog(outer));
    expect(text).not.toContain('JBSWY3DPEHPK3PXP');
    expect(text).not.toContain('123456');
    expect(errorForLog(outer)).toMatchObject({ type: 'Error', cause: { type: 'TypeError' } });
  });

  it('says only the kind of a thrown value that is not an Error', () => {
    expect(errorForLog('the code was 123456')).toEqual({ type: 'string' });
  });
});

describe("the service's logger", () => {
  it('writes an error as errorForLog reads it, whoever logs it', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString()), done()) });
    const log = pino(loggerOptions('info') as LoggerOptions, sink);
    const error = Object.assign(new Error('duplicate key value violates unique constraint "one_time_codes_pkey"'), { code: '23505', detail: 'Key (code_hash)=(482913) already exists.' });
    log.child({ reqId: 'r1' }).error({ err: error }, 'unexpected failure');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'Error', errorCode: '23505', message: expect.stringContaining('withheld') });
    expect(lines[0]).not.toContain('482913');
    expect(lines[0]).not.toContain('duplicate key');
  });
});
