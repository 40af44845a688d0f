import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/configError.js';
import { codeRulesFor } from '../security/oneTimeCodePolicy.js';
import { DEFAULT_AUTH_SETTINGS, loadAuthSettings } from './authSettings.js';
import { authenticatorEnrollment } from './authenticatorEnrollment.js';
import { encodeBase32 } from '../../common/otp/base32.js';

describe('loadAuthSettings', () => {
  it('defaults to four hours of "Remember me", 10-minute codes and the demo portal name', () => {
    expect(loadAuthSettings({})).toEqual(DEFAULT_AUTH_SETTINGS);
    expect(DEFAULT_AUTH_SETTINGS).toMatchObject({ portalName: 'Riverside Provider Portal', rememberMeSeconds: 14_400, pendingSeconds: 600 });
  });

  it('reads the portal name, lifetimes and a shorter email login code', () => {
    const s = loadAuthSettings({ PORTAL_NAME: 'Atrezzo Provider Portal', REMEMBER_ME_HOURS: '8', SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '10', CODE_LIFETIME_MINUTES: '5', EMAIL_LOGIN_CODE_SECONDS: '30' });
    expect(s).toMatchObject({ portalName: 'Atrezzo Provider Portal', rememberMeSeconds: 28_800, sessionIdleSeconds: 900, sessionMaxSeconds: 36_000 });
    expect(codeRulesFor(s.codePolicy, 'login', 'email').lifetimeSeconds).toBe(30);
    expect(codeRulesFor(s.codePolicy, 'login', 'sms').lifetimeSeconds).toBe(300);
    expect(loadAuthSettings({ REMEMBER_ME_HOURS: '0' }).rememberMeSeconds).toBe(0);
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => loadAuthSettings({ REMEMBER_ME_HOURS: 'four' })).toThrow(ConfigError);
    expect(() => loadAuthSettings({ REMEMBER_ME_HOURS: 'four' })).toThrow(/^REMEMBER_ME_HOURS must be a whole number of hours from 0 to 720\.$/);
    expect(() => loadAuthSettings({ EMAIL_LOGIN_CODE_SECONDS: '5' })).toThrow(/EMAIL_LOGIN_CODE_SECONDS/);
    expect(() => loadAuthSettings({ PORTAL_NAME: 'Portal: Riverside' })).toThrow(/PORTAL_NAME must be one line without a colon/);
  });
});

describe('authenticator enrollment', () => {
  it('writes Base32 as RFC 4648 §10 does, without padding', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [text, expected] of vectors) expect(encodeBase32(Buffer.from(text))).toBe(expected);
  });

  it('builds the otpauth URI with the portal as issuer and the email as account, and its QR code', async () => {
    const e = await authenticatorEnrollment('Riverside Provider Portal', 'ana.lopez@riverside-clinic.example', Buffer.from('12345678901234567890'));
    expect(e.secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(e.keyText).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(e.otpauthUri).toBe(
      'otpauth://totp/Riverside%20Provider%20Portal:ana.lopez%40riverside-clinic.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Riverside%20Provider%20Portal&algorithm=SHA1&digits=6&period=30',
    );
    expect(e.qrSvg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(e.qrSvg).not.toMatch(/style=|<script/);
  });
});
