import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { encodeMigrationUri } from '../migration/encodeMigrationUri.js';
import { parseAccountLink } from './parseAnyLink.js';

const KEY = 'JBSWY3DPEHPK3PXP';

const refusal = async (text: string) => {
  try {
    await parseAccountLink(text);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
};

describe('parseAccountLink', () => {
  it('reads an otpauth:// link as one account without batch', async () => {
    const result = await parseAccountLink(`otpauth://totp/Acme:alice?secret=${KEY}`);
    expect(result.batch).toBeNull();
    expect(result.accounts.map((a) => a.accountName)).toEqual(['alice']);
  });

  it('trims what was pasted around the link', async () => {
    expect((await parseAccountLink(`\n  OTPAUTH://totp/Acme:alice?secret=${KEY}  \t`)).accounts).toHaveLength(1);
  });

  it('reads a Google Authenticator export, case-insensitively, with its batch', async () => {
    const account = { issuer: 'Acme', accountName: 'alice', secret: new Uint8Array(20).fill(7), params: { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 } } as const;
    const uri = encodeMigrationUri([account], { index: 1, size: 2, id: 5 }).replace('otpauth-migration', 'OTPAUTH-MIGRATION');
    expect(await parseAccountLink(` ${uri} `)).toEqual({ accounts: [account], batch: { index: 1, size: 2, id: 5 } });
  });

  it('asks for a link when nothing was pasted', async () => {
    expect((await refusal('   ')).message).toMatch(/Paste the link/);
  });

  it('recognises a bare key and says where to put it', async () => {
    expect((await refusal('jbsw y3dp ehpk 3pxp')).message).toMatch(/looks like a key rather than a link/);
  });

  it.each(['https://portal.example.org/mfa', 'totp://x', 'otpauth-migrate://offline?data=x'])('explains that %s is not an authenticator link', async (text) => {
    const e = await refusal(text);
    expect(e.code).toBe('InvalidUri');
    expect(e.message).toMatch(/not an authenticator link: it should start with otpauth:\/\//);
  });
});
