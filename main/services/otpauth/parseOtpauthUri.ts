import { AppError } from '../../../common/errors.js';
import {
  DEFAULT_PERIOD,
  MAX_DIGITS,
  MIN_DIGITS,
  OTP_ALGORITHMS,
  STEAM_DIGITS,
  type AccountDraft,
  type OtpAlgorithm,
  type OtpKind,
} from '../../../common/otp/otpParams.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';

const invalid = (message: string) => new AppError('InvalidUri', message);

/**
 * Parses a Key URI (github.com/google/google-authenticator/wiki/Key-Uri-Format) the way the apps
 * people already use do: lenient where real portals are sloppy, strict where a wrong value would give
 * wrong codes. Every rejection says what to fix; none repeats the key.
 */
export function parseOtpauthUri(input: string): AccountDraft {
  const text = input.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/i.exec(text);
  if (!m || m[1]!.toLowerCase() !== 'otpauth') {
    throw invalid('This is not an authenticator link: it should start with otpauth://. Copy the link (or the key) from your portal’s MFA setup page.');
  }
  const kind = parseKind(m[2]!);
  const query = parseQuery(m[4] ?? '');
  const label = decodeLabel(m[3]!);

  // Key URI format: label "Issuer:account" (spaces after the colon allowed). The issuer parameter
  // wins when both are given and differ, as Google's spec recommends. An empty prefix (":a:b") is how
  // formatOtpauthUri writes an account name that itself contains a colon.
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const accountName = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  const issuer = query.get('issuer')?.trim() || labelIssuer;

  const rawSecret = query.get('secret');
  if (rawSecret === undefined || rawSecret.trim() === '') {
    throw new AppError('InvalidSecret', 'This link has no secret key in it, so no codes can be made. Ask the portal for a new setup QR code.');
  }
  const secret = decodeBase32Secret(rawSecret);

  // Steam Guard is always SHA-1, 5 symbols, 30 s, whatever else the link says.
  const steam = kind === 'steam' || (kind === 'totp' && query.get('encoder')?.trim().toLowerCase() === 'steam');
  const algorithm = steam ? 'SHA1' : parseAlgorithm(query.get('algorithm'));
  const digits = steam ? STEAM_DIGITS : parseDigits(query.get('digits'));
  const period = steam || kind === 'hotp' ? DEFAULT_PERIOD : parsePeriod(query.get('period'));
  const counter = kind === 'hotp' ? parseCounter(query.get('counter')) : 0;
  if (!issuer && !accountName) throw invalid('This link names no account and no issuer, so it could not be told apart from others.');

  return {
    issuer,
    accountName,
    secret,
    params: { kind: steam ? 'steam' : kind, algorithm, digits, period, counter },
  };
}

function parseKind(host: string): OtpKind {
  const type = host.toLowerCase();
  if (type === 'totp' || type === 'hotp' || type === 'steam') return type;
  throw invalid(`“${host || '(nothing)'}” is not a kind of code Twofold knows: the link should say otpauth://totp/… or otpauth://hotp/….`);
}

/** Query values: percent-decoded with '+' as a space, as in HTML forms (Google Authenticator does this). */
function parseQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq >= 0 ? part.slice(0, eq) : part).toLowerCase();
    const value = eq >= 0 ? safeDecode(part.slice(eq + 1).replace(/\+/g, ' ')) : '';
    // The first occurrence wins; later duplicates are ignored rather than silently overriding it.
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

/** Labels are paths: '+' stays a plus (an e-mail like a+b@x.org), only %-escapes are decoded. */
function decodeLabel(raw: string): string {
  return safeDecode(raw);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw invalid('The link is damaged (a broken %-escape). Copy it again from the portal.');
  }
}

function parseAlgorithm(raw: string | undefined): OtpAlgorithm {
  if (raw === undefined || raw.trim() === '') return 'SHA1';
  // "SHA-256" and "SHA_256" are how some Java and .NET libraries spell it.
  const name = raw.trim().toUpperCase().replace(/^SHA[-_]/, 'SHA');
  if ((OTP_ALGORITHMS as readonly string[]).includes(name)) return name as OtpAlgorithm;
  throw invalid(`Unknown algorithm “${raw.trim()}”: Twofold supports SHA1, SHA256 and SHA512.`);
}

function parseDigits(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 6;
  const digits = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (digits >= MIN_DIGITS && digits <= MAX_DIGITS) return digits;
  throw invalid(`Codes must have ${MIN_DIGITS}, 7 or ${MAX_DIGITS} digits; this link asks for ${raw.trim()}.`);
}

/** RFC 4226 counters are 8 bytes; ours must also fit a JS number exactly (2^53 − 1). */
function parseCounter(raw: string | undefined): number {
  const counter = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (Number.isSafeInteger(counter)) return counter;
  throw invalid('A counter-based (HOTP) link must give its starting counter as a whole number, e.g. counter=0.');
}

function parsePeriod(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PERIOD;
  const period = /^\d{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (period > 0 && period <= 86_400) return period;
  throw invalid('The period must be a whole number of seconds above zero (usually 30).');
}
