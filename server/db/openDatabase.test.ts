import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrateToLatest.js';
import { openDatabase } from './openDatabase.js';

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
