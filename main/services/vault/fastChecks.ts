import { OTP_ALGORITHMS, OTP_KINDS, type OtpParams } from '../../../common/otp/otpParams.js';
import { MAX_TEXT, type AccountRecord } from './accountsFile.js';
import { IV_BYTES, TAG_BYTES, type Sealed } from './sealedBox.js';

// The vault's own files, as Twofold writes them, checked by hand: every value that passes here also
// passes the zod schema (AccountRecordSchema, SealedSchema) and comes out the same, with unknown keys
// dropped (fastChecks.test.ts holds them to that on generated records, good and bad). Anything else
// returns null and goes to zod, which decides and says what is wrong. Through zod alone 500 accounts
// and their sealed keys cost ~17 ms of the start-up, before the first codes (docs/benchmarks.md).

// A subset of zod's z.uuid() (which also takes the nil and max UUIDs).
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
// Canonical padded base64: what zod's z.base64() accepts, less the empty string.
const BASE64 = /^(?:[0-9a-zA-Z+/]{4})+(?:[0-9a-zA-Z+/]{2}==|[0-9a-zA-Z+/]{3}=)?$|^[0-9a-zA-Z+/]{2}==$|^[0-9a-zA-Z+/]{3}=$/;

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function params(v: unknown): OtpParams | null {
  if (!isObject(v)) return null;
  const { kind, algorithm, digits, period, counter } = v;
  if (!(OTP_KINDS as readonly unknown[]).includes(kind) || !(OTP_ALGORITHMS as readonly unknown[]).includes(algorithm)) return null;
  if (!isInt(digits, 5, 8) || !isInt(period, 1, 86_400) || !isInt(counter, 0, Number.MAX_SAFE_INTEGER)) return null;
  return { kind: kind as OtpParams['kind'], algorithm: algorithm as OtpParams['algorithm'], digits, period, counter };
}

function record(v: unknown): AccountRecord | null {
  if (!isObject(v)) return null;
  const { id, issuer, accountName, group, order, createdAt, updatedAt, deletedAt } = v;
  if (typeof id !== 'string' || !UUID.test(id) || !isText(issuer) || !isText(accountName)) return null;
  if (!(group === null || isText(group)) || !isFiniteNumber(order) || !isFiniteNumber(createdAt) || !isFiniteNumber(updatedAt)) return null;
  if (!(deletedAt === null || isFiniteNumber(deletedAt))) return null;
  const p = params(v.params);
  return p ? { id, issuer, accountName, params: p, group, order, createdAt, updatedAt, deletedAt } : null;
}

/** accounts.json's `accounts`, or null when any record needs zod's judgement. */
export function accountRecordsFast(v: unknown): AccountRecord[] | null {
  if (!Array.isArray(v)) return null;
  const out: AccountRecord[] = [];
  for (const item of v) {
    const r = record(item);
    if (!r) return null;
    out.push(r);
  }
  return out;
}

const decodedLength = (b64: string) => (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

function sealed(v: unknown): Sealed | null {
  if (!isObject(v)) return null;
  const { iv, ct } = v;
  if (typeof iv !== 'string' || typeof ct !== 'string' || !BASE64.test(iv) || !BASE64.test(ct)) return null;
  if (decodedLength(iv) !== IV_BYTES || decodedLength(ct) < TAG_BYTES) return null;
  return { iv, ct };
}

/** secrets.json's `entries` (account id → sealed key), or null when any entry needs zod's judgement. */
export function sealedEntriesFast(v: unknown): Record<string, Sealed> | null {
  if (!isObject(v)) return null;
  const out: Record<string, Sealed> = {};
  for (const [id, entry] of Object.entries(v)) {
    const s = UUID.test(id) ? sealed(entry) : null;
    if (!s) return null;
    out[id] = s;
  }
  return out;
}
