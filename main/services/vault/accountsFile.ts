import Conf from 'conf';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OtpParamsSchema } from '../../../common/otp/otpParams.js';
import { accountRecordsFast } from './fastChecks.js';

export const ACCOUNTS_FILE = 'accounts.json';
export const MAX_TEXT = 500;

/**
 * One account's metadata as stored in accounts.json. There is deliberately no field that could hold
 * key material: the schema strips unknown keys, so nothing but these is ever written back.
 */
export const AccountRecordSchema = z.object({
  id: z.uuid(),
  issuer: z.string().max(MAX_TEXT),
  accountName: z.string().max(MAX_TEXT),
  params: OtpParamsSchema,
  group: z.string().max(MAX_TEXT).nullable(),
  order: z.number().finite(),
  createdAt: z.number().finite(),
  updatedAt: z.number().finite(),
  deletedAt: z.number().finite().nullable(),
});
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

const AccountsFileSchema = z.object({
  version: z.literal(1),
  accounts: z.array(AccountRecordSchema),
});

export type AccountsRead =
  | { kind: 'ok'; accounts: AccountRecord[]; exists: boolean }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'newer'; version: unknown };

/**
 * accounts.json through `conf` (electron-store's store, so the file is where and what electron-store
 * would write). conf writes atomically (temp file + fsync + rename); reads go to the file itself (see
 * readNow), so the CLI and the app share it.
 */
export class AccountsFile {
  readonly path: string;
  private confStore: Conf<Record<string, unknown>> | null = null;
  /** The last good read and the file version it came from (see `read`). */
  private parsed: { stamp: string; result: AccountsRead } | null = null;

  constructor(readonly dir: string) {
    this.path = path.join(dir, ACCOUNTS_FILE);
  }

  /** Made on first write: conf's constructor reads the file and throws on a broken one. */
  private conf(): Conf<Record<string, unknown>> {
    this.confStore ??= new Conf<Record<string, unknown>>({
      cwd: this.dir,
      configName: 'accounts',
      projectName: 'twofold',
      cache: false,
      // conf would otherwise wipe a file it cannot parse; we keep it and report VaultCorrupt instead.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
    });
    return this.confStore;
  }

  /**
   * Cached by file version, as secrets.json is: every write replaces the file (a new inode; conf's
   * in-place fallback still moves the mtime), so the same inode, mtime and size mean the same content,
   * and a request costs a stat instead of validating every record again (500 records, several reads per
   * request). The stat comes before the read, so a file replaced in between is cached under the older
   * stamp and read again next time. Callers share the records, so they are frozen.
   */
  read(): AccountsRead {
    let stamp: string;
    try {
      const st = statSync(this.path, { bigint: true });
      stamp = `${st.ino}:${st.mtimeNs}:${st.size}`;
    } catch {
      // Whatever stops the stat counts as no file, as `existsSync` did before.
      return { kind: 'ok', accounts: [], exists: false };
    }
    if (this.parsed?.stamp === stamp) return this.parsed.result;
    const result = this.readNow();
    if (result.kind !== 'ok') return result;
    for (const a of result.accounts) {
      Object.freeze(a.params);
      Object.freeze(a);
    }
    Object.freeze(result.accounts);
    this.parsed = { stamp, result };
    return result;
  }

  /**
   * Reads the file itself rather than through conf: conf's constructor reads it too and deep-compares
   * every record with a copy of itself (~10 ms for 500 accounts, on the start-up path), and its
   * `store` getter reads it again. The file is plain JSON, as conf writes it; writes still go through
   * conf (atomic replace, file mode), so the file stays exactly what electron-store would keep.
   */
  private readNow(): AccountsRead {
    let raw: unknown;
    try {
      const text = readFileSync(this.path, 'utf8');
      // conf writes by atomic replace, so an empty file is damage, not a new vault: it is set aside.
      if (text.trim() === '') return { kind: 'corrupt', reason: 'the file is empty' };
      raw = JSON.parse(text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'ok', accounts: [], exists: false };
      return { kind: 'corrupt', reason: e instanceof SyntaxError ? 'not valid JSON' : e instanceof Error ? e.message : String(e) };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { kind: 'corrupt', reason: 'not a store object' };
    const version = (raw as { version?: unknown }).version;
    if (typeof version === 'number' && version > 1) return { kind: 'newer', version };
    const fast = version === 1 ? accountRecordsFast((raw as { accounts?: unknown }).accounts) : null;
    if (fast) return { kind: 'ok', accounts: fast, exists: true };
    const parsed = AccountsFileSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'corrupt', reason: z.prettifyError(parsed.error).split('\n')[0] ?? 'invalid' };
    return { kind: 'ok', accounts: parsed.data.accounts, exists: true };
  }

  write(accounts: AccountRecord[]): void {
    this.parsed = null;
    this.conf().store = { version: 1, accounts: accounts.map((a) => AccountRecordSchema.parse(a)) };
  }
}
