import { sql, type Kysely } from 'kysely';
import type { Database, OneTimeCodesTable } from '../db/schema.js';
import type { CodePurpose } from './codePurpose.js';

export type StoredCode = Pick<OneTimeCodesTable, 'id' | 'channel' | 'code_hash' | 'expires_at' | 'attempts' | 'max_attempts' | 'consumed_at'>;

/**
 * The one_time_codes table. Every change that decides an outcome is one conditional UPDATE whose
 * affected-row count is the answer, so two instances on one PostgreSQL (or two connections to one
 * SQLite file) cannot both consume a code or both spend its last try: PostgreSQL re-checks the WHERE
 * on the newest row version after waiting for the other writer, and SQLite has one writer at a time.
 */
export interface OneTimeCodeStore {
  /** Marks the user's live codes for `purpose` as used, then adds the new one. */
  insertSuperseding(code: OneTimeCodesTable, now: string): Promise<void>;
  newestLive(userId: string, purpose: CodePurpose): Promise<StoredCode | undefined>;
  byId(id: string): Promise<StoredCode | undefined>;
  /** Counts the try and consumes the code, if it is still live, unexpired and has tries left. */
  consume(id: string, now: string): Promise<boolean>;
  /** Counts a wrong try if the code is still live, unexpired and has tries left; then the tries made. */
  countWrongTry(id: string, now: string): Promise<{ attempts: number; max_attempts: number } | undefined>;
  /** Housekeeping: removes codes that expired before `before`. */
  deleteExpired(before: string): Promise<number>;
}

const COLUMNS = ['id', 'channel', 'code_hash', 'expires_at', 'attempts', 'max_attempts', 'consumed_at'] as const;

export function createOneTimeCodeStore(db: Kysely<Database>): OneTimeCodeStore {
  const tryable = (id: string, now: string) =>
    db
      .updateTable('one_time_codes')
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')));

  return {
    async insertSuperseding(code, now) {
      await db
        .updateTable('one_time_codes')
        .set({ consumed_at: now })
        .where('user_id', '=', code.user_id)
        .where('purpose', '=', code.purpose)
        .where('consumed_at', 'is', null)
        .execute();
      await db.insertInto('one_time_codes').values(code).execute();
    },

    newestLive: (userId, purpose) =>
      db
        .selectFrom('one_time_codes')
        .select(COLUMNS)
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('consumed_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),

    byId: (id) => db.selectFrom('one_time_codes').select(COLUMNS).where('id', '=', id).executeTakeFirst(),

    async consume(id, now) {
      const result = await tryable(id, now)
        .set({ consumed_at: now, attempts: sql`attempts + 1` })
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    countWrongTry: (id, now) =>
      tryable(id, now)
        .set({ attempts: sql`attempts + 1` })
        .returning(['attempts', 'max_attempts'])
        .executeTakeFirst(),

    async deleteExpired(before) {
      const result = await db.deleteFrom('one_time_codes').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
