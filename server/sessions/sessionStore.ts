import type { Kysely } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { Database, SessionRow, SessionsTable, UserRow } from '../db/schema.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { hashToken, looksLikeToken, newToken } from './sessionToken.js';
import type { SessionState } from './sessionState.js';

export type SessionStage = SessionsTable['stage'];

export interface SessionLifetime {
  /** Ends the session after this long without a request. */
  idleSeconds: number;
  /** Ends it this long after it began, however busy. */
  absoluteSeconds: number;
}

export interface NewSession {
  userId: string;
  stage: SessionStage;
  method: MfaMethod | null;
  state: SessionState;
  ip: string | null;
}

/**
 * The sessions table. A session is found only by its token's hash and only while both its idle and its
 * absolute expiry lie ahead; everything about it is in its row, so any instance can serve it.
 */
export interface SessionStore {
  /** A new session's token and row, not stored: for a caller that writes it in a statement of its own. */
  draft(session: NewSession, lifetime: SessionLifetime): { token: string; row: SessionRow };
  create(session: NewSession, lifetime: SessionLifetime): Promise<{ token: string; row: SessionRow }>;
  /** The live session for a token, or undefined (unknown, malformed, expired). */
  find(token: unknown): Promise<SessionRow | undefined>;
  /** `find` and the session's user in one query: what every sign-in step reads first. */
  findWithUser(token: unknown): Promise<{ row: SessionRow; user: UserRow } | undefined>;
  /**
   * Ends session `id` and starts `session` under a new token, in one statement: the row takes the new
   * token's hash as its key, so the old token finds nothing from then on. Null when `id` was gone
   * already (or belongs to another user): of two requests finishing one step, exactly one gets the new session.
   */
  replace(id: string, session: NewSession, lifetime: SessionLifetime): Promise<{ token: string; row: SessionRow } | null>;
  update(id: string, change: { method?: MfaMethod | null; state?: SessionState }): Promise<void>;
  /** Slides the idle expiry forward; written at most once a minute per session to spare the database. */
  touch(row: SessionRow, idleSeconds: number): Promise<void>;
  /** True when this call removed it: of two requests finishing one step, exactly one sees true. */
  remove(id: string): Promise<boolean>;
  removeForUser(userId: string): Promise<number>;
  deleteExpired(): Promise<number>;
}

const TOUCH_EVERY_MS = 60_000;

// Every sign-in step runs these: built and compiled once (server/db/precompiledQuery.ts).
const findLive = precompile<[id: string, at: string], SessionRow>(2, (db, id, at) =>
  db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', at).where('idle_expires_at', '>', at),
);
const deleteById = precompile<[id: string], never>(1, (db, id) => db.deleteFrom('sessions').where('id', '=', id));
const SESSION_COLUMNS = ['id', 'user_id', 'stage', 'method', 'state', 'ip', 'created_at', 'last_seen_at', 'idle_expires_at', 'expires_at'] as const;
// A column added to sessions must be added above (inserts and replacements write exactly these).
const everySessionColumn: Exclude<keyof SessionRow, (typeof SESSION_COLUMNS)[number]> extends never ? true : never = true;
void everySessionColumn;
const columnValues = (values: readonly unknown[]) => Object.fromEntries(SESSION_COLUMNS.map((c, i) => [c, values[i]])) as SessionRow;
const insertRow = precompile<unknown[], never>(SESSION_COLUMNS.length, (db, ...values) => db.insertInto('sessions').values(columnValues(values)));
// A replacement keeps the row's user: matched in the WHERE rather than written, so the user index and
// the foreign key to users are left alone (each sign-in runs this; bench:server measures it).
const REPLACED_COLUMNS = SESSION_COLUMNS.filter((c) => c !== 'user_id');
const replaceRow = precompile<unknown[], never>(REPLACED_COLUMNS.length + 2, (db, oldId, userId, ...values) =>
  db
    .updateTable('sessions')
    .set(Object.fromEntries(REPLACED_COLUMNS.map((c, i) => [c, values[i]])))
    .where('id', '=', oldId as string)
    .where('user_id', '=', userId as string),
);

// Every column of both rows, the user's under a prefix (the tables share column names).
const USER_COLUMNS = [
  'id', 'username', 'email', 'name', 'name_search', 'primary_phone', 'secondary_phone', 'status', 'password_hash', 'created_at', 'updated_at', 'last_login_at',
] as const satisfies ReadonlyArray<keyof UserRow>;
// A column added to users must be added above (else the user row would silently lack it).
const everyUserColumn: Exclude<keyof UserRow, (typeof USER_COLUMNS)[number]> extends never ? true : never = true;
void everyUserColumn;
/** Every column of the user, under a `user__` prefix (read back by sessionAndUserOf). */
export const USER_SELECTION = USER_COLUMNS.map((c) => `users.${c} as user__${c}` as const);

/** The live session `id` with every column of its user under a `user__` prefix. */
export function selectLiveSessionWithUser(db: Kysely<Database>, id: string, at: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select(USER_SELECTION)
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', at)
    .where('sessions.idle_expires_at', '>', at);
}
const findLiveWithUser = precompile<[id: string, at: string], Record<string, unknown>>(2, selectLiveSessionWithUser);

/** The session row and the user row of a selectLiveSessionWithUser result. */
export function sessionAndUserOf(found: Record<string, unknown>): { row: SessionRow; user: UserRow } {
  const row = Object.fromEntries(SESSION_COLUMNS.map((c) => [c, found[c]])) as SessionRow;
  const user = Object.fromEntries(USER_COLUMNS.map((c) => [c, found[`user__${c}`]])) as UserRow;
  return { row, user };
}

export function createSessionStore(db: Kysely<Database>, now: () => Date): SessionStore {
  const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000).toISOString();

  const newRow = (session: NewSession, lifetime: SessionLifetime) => {
    const token = newToken();
    const at = now();
    const row: SessionRow = {
      id: hashToken(token),
      user_id: session.userId,
      stage: session.stage,
      method: session.method,
      state: JSON.stringify(session.state),
      ip: session.ip,
      created_at: at.toISOString(),
      last_seen_at: at.toISOString(),
      idle_expires_at: later(at, Math.min(lifetime.idleSeconds, lifetime.absoluteSeconds)),
      expires_at: later(at, lifetime.absoluteSeconds),
    };
    return { token, row };
  };

  return {
    draft: newRow,

    async create(session, lifetime) {
      const created = newRow(session, lifetime);
      await insertRow.execute(db, ...SESSION_COLUMNS.map((c) => created.row[c]));
      return created;
    },

    async replace(id, session, lifetime) {
      const created = newRow(session, lifetime);
      const result = await replaceRow.execute(db, id, session.userId, ...REPLACED_COLUMNS.map((c) => created.row[c]));
      return result.numAffectedRows === 1n ? created : null;
    },

    async findWithUser(token) {
      if (!looksLikeToken(token)) return undefined;
      const at = now().toISOString();
      const found = (await findLiveWithUser.execute(db, hashToken(token), at)).rows[0];
      return found ? sessionAndUserOf(found) : undefined;
    },

    async find(token) {
      if (!looksLikeToken(token)) return undefined;
      const at = now().toISOString();
      const { rows } = await findLive.execute(db, hashToken(token), at);
      return rows[0];
    },

    async update(id, change) {
      const set: { method?: MfaMethod | null; state?: string } = {};
      if (change.method !== undefined) set.method = change.method;
      if (change.state !== undefined) set.state = JSON.stringify(change.state);
      if (Object.keys(set).length > 0) await db.updateTable('sessions').set(set).where('id', '=', id).execute();
    },

    async touch(row, idleSeconds) {
      const at = now();
      if (at.getTime() - Date.parse(row.last_seen_at) < TOUCH_EVERY_MS) return;
      // Never past the absolute expiry.
      const idle = later(at, idleSeconds);
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at.toISOString(), idle_expires_at: idle < row.expires_at ? idle : row.expires_at })
        .where('id', '=', row.id)
        .execute();
    },

    async remove(id) {
      const result = await deleteById.execute(db, id);
      return (result.numAffectedRows ?? 0n) > 0n;
    },

    async removeForUser(userId) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpired() {
      const at = now().toISOString();
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * Signs the user out everywhere: for the password-change and MFA-reset flows, which call it in their own
 * transaction. Returns how many sessions ended.
 */
export async function revokeSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
