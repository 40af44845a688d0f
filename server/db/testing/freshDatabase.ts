// Test-only: the per-test database most server tests need, set up and taken down by vitest hooks.
import { afterEach, beforeEach } from 'vitest';
import { migrateToLatest } from '../migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../openDatabase.js';
import type { TestDatabase, TestDialect } from './testDatabases.js';

/** This test's database (read inside a test or a later hook, never while the describe block is built). */
export type FreshDatabase = Pick<OpenDatabase, 'db' | 'dialect'> & { readonly location: TestDatabase['location'] };

/**
 * Call inside a describe block for one dialect: before each test a new, empty database of that dialect,
 * migrated to the newest schema (unless `migrate: false`), closed and dropped after the test. Tests are
 * skipped where the dialect's server is missing (testDialects has said why).
 */
export function freshDatabasePerTest(dialect: TestDialect, options: { migrate?: boolean } = {}): FreshDatabase {
  let testDb: TestDatabase | undefined;
  let database: OpenDatabase | undefined;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    testDb = await dialect.create();
    database = openDatabase(testDb.location);
    if (options.migrate !== false) await migrateToLatest(database.db, database.dialect);
  });
  afterEach(async () => {
    await database?.close();
    await testDb?.drop();
    database = undefined;
    testDb = undefined;
  });
  const current = () => {
    if (!database || !testDb) throw new Error('freshDatabasePerTest: the database exists only while a test runs');
    return { database, testDb };
  };
  return {
    get db() {
      return current().database.db;
    },
    get dialect() {
      return current().database.dialect;
    },
    get location() {
      return current().testDb.location;
    },
  };
}
