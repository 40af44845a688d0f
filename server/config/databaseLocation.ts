import path from 'node:path';
import { ConfigError } from './configError.js';

export type DatabaseLocation =
  | { dialect: 'sqlite'; /** Absolute path, or `:memory:`. */ file: string }
  | { dialect: 'postgres'; url: string };

/**
 * Reads DATABASE_URL: `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite:<path>` (relative to the
 * working folder, or `sqlite:///absolute/path`) or `sqlite::memory:` for SQLite. Unset means the embedded
 * default, `portal.db` in the data folder.
 */
export function parseDatabaseUrl(value: string | undefined, dataDir: string, cwd: string): DatabaseLocation {
  if (value === undefined || value.trim() === '') return { dialect: 'sqlite', file: path.join(dataDir, 'portal.db') };
  const url = value.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid PostgreSQL URL. Expected postgres://user@host:5432/database.');
    }
    return { dialect: 'postgres', url };
  }
  if (/^sqlite:/i.test(url)) {
    const rest = url.slice('sqlite:'.length);
    if (rest === ':memory:') return { dialect: 'sqlite', file: ':memory:' };
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (file === '') throw new ConfigError('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:data/portal.db.');
    return { dialect: 'sqlite', file: path.resolve(cwd, file) };
  }
  // Only the scheme is echoed: the rest of a database URL may carry a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new ConfigError(
    `DATABASE_URL must start with postgres://, postgresql:// or sqlite:${scheme ? ` (it starts with "${scheme}:")` : ''}.`,
  );
}

/** A description safe to print: never the password of a PostgreSQL URL. */
export function describeDatabase(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return `SQLite ${location.file}`;
  const u = new URL(location.url);
  return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
}
