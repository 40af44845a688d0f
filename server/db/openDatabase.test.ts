import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrateToLatest.js';
import { openDatabase, withSessionOptions } from './openDatabase.js';
import { testDialects } from './testing/testDatabases.js';

describe('a SQLite file under steady writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-open-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints in the background: the WAL stays small, nothing is lost, and closing removes it', async () => {
    const file = path.join(dir, 'portal.db');
    const opened = openDatabase({ dialect: 'sqlite', file }, { backgroundCheckpointAfterWrites: 0 });
    await migrateToLatest(opened.db, 'sqlite');
    const at = '2026-01-05T09:00:00.000Z';
    const insert = (i: number) =>
      opened.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('audit_log')
          .values({ id: `e${i}`, at, actor_user_id: null, subject_user_id: `u${i % 97}`, org_id: null, event: 'test', ip: null, reason: null, details: '{}' })
          .execute();
      });
    for (let i = 0; i < 2999; i++) await insert(i);
    // The thread checkpoints every 50 ms: a while later the WAL has been copied back, so the next
    // commit starts it over, with this one commit's pages in it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await insert(2999);
    const wal = await sql<{ log: number }>`pragma wal_checkpoint(passive)`.execute(opened.db);
    expect(wal.rows[0]!.log).toBeLessThan(50);
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(opened.db);
    expect(rows[0]!.n).toBe(3000);
    await opened.close();
    expect(existsSync(`${file}-wal`)).toBe(false);

    const again = openDatabase({ dialect: 'sqlite', file });
    expect((await sql<{ n: number }>`select count(*) as n from audit_log`.execute(again.db)).rows[0]!.n).toBe(3000);
    await again.close();
  });
});

const postgres = (await testDialects()).find((d) => d.name === 'PostgreSQL')!;

describe('PostgreSQL sessions of the service', () => {
  it('keep options from DATABASE_URL and add their own', () => {
    expect(withSessionOptions('postgres://u@h/db')).toEqual({ connectionString: 'postgres://u@h/db', options: '-c jit=off -c max_parallel_workers_per_gather=0' });
    expect(withSessionOptions('postgres://u@h/db?sslmode=disable&options=-c%20statement_timeout%3D5000')).toEqual({
      connectionString: 'postgres://u@h/db?sslmode=disable',
      options: '-c statement_timeout=5000 -c jit=off -c max_parallel_workers_per_gather=0',
    });
  });

  it('run without JIT and parallel workers, with what the URL asked for too', async (context) => {
    if (!postgres.available) return context.skip();
    const created = await postgres.create();
    const url = new URL((created.location as { url: string }).url);
    url.searchParams.set('options', '-c statement_timeout=5000');
    const opened = openDatabase({ dialect: 'postgres', url: url.toString() });
    try {
      const show = async (name: string) => (await sql<Record<string, string>>`select current_setting(${name}) as value`.execute(opened.db)).rows[0]!.value;
      expect(await show('jit')).toBe('off');
      expect(await show('max_parallel_workers_per_gather')).toBe('0');
      expect(await show('statement_timeout')).toBe('5s');
    } finally {
      await opened.close();
      await created.drop();
    }
  });
});
