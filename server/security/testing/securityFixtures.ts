// Test-only: a migrated database of one dialect with users in it, and throw-away keys. Never imported by the service.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../../db/openDatabase.js';
import type { Database } from '../../db/schema.js';
import type { TestDatabase, TestDialect } from '../../db/testing/testDatabases.js';
import { SecretKey } from '../secretKey.js';
import { secretKeyRing, type SecretKeyRing } from '../secretKeyRing.js';

export interface MigratedTestDatabase {
  testDb: TestDatabase;
  database: OpenDatabase;
  /** A second, independent connection (pool) to the same database: another instance of the service. */
  openAnother(): OpenDatabase;
  close(): Promise<void>;
}

export async function migratedTestDatabase(dialect: TestDialect): Promise<MigratedTestDatabase> {
  const testDb = await dialect.create();
  const opened: OpenDatabase[] = [openDatabase(testDb.location)];
  const database = opened[0]!;
  await migrateToLatest(database.db, database.dialect);
  return {
    testDb,
    database,
    openAnother() {
      const another = openDatabase(testDb.location);
      opened.push(another);
      return another;
    },
    async close() {
      for (const d of opened) await d.close();
      await testDb.drop();
    },
  };
}

export async function insertUser(db: Kysely<Database>, id: string): Promise<void> {
  const at = '2026-01-05T09:00:00.000Z';
  await db
    .insertInto('users')
    .values({ id, username: id, email: `${id}@clinic.example`, name: id, name_search: id, primary_phone: null, secondary_phone: null, status: 'active', password_hash: 'x', created_at: at, updated_at: at })
    .execute();
}

export const randomSecretKey = (): SecretKey => new SecretKey(randomBytes(32));
export const randomKeyRing = (): SecretKeyRing => secretKeyRing([randomSecretKey()]);

/** A clock the test moves by hand. */
export function manualClock(start: string): { now: () => Date; advance(seconds: number): void; set(iso: string): void } {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance(seconds) {
      current += seconds * 1000;
    },
    set(iso) {
      current = Date.parse(iso);
    },
  };
}
