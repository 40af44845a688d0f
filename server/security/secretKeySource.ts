import path from 'node:path';
import { ConfigError } from '../config/configError.js';
import type { DatabaseLocation } from '../config/databaseLocation.js';
import { parseSecretKey, type SecretKey } from './secretKey.js';

export const SECRET_KEY_FILE_NAME = 'secret.key';

/**
 * Where the service's secret key comes from, decided by loadServerConfig without touching the disk:
 * - `configured`: TWOFOLD_SECRET_KEY, one key or several separated by commas (the first seals; the others
 *   only open, for rotation). Required on PostgreSQL, where every instance must hold the same key.
 * - `keyFile`: the zero-set-up default on a SQLite file: `<dataDir>/secret.key`, created on first start
 *   (loadSecretKeys, called by startServer).
 * - `ephemeral`: SQLite in memory. The data goes with the process, so may the key.
 */
export type SecretKeySource =
  | { kind: 'configured'; keys: readonly SecretKey[] }
  | { kind: 'keyFile'; file: string }
  | { kind: 'ephemeral' };

const HOW_TO_MAKE_ONE = 'Make one with `openssl rand -base64 32`';

export function secretKeySourceFor(value: string | undefined, database: DatabaseLocation, dataDir: string): SecretKeySource {
  if (value !== undefined && value.trim() !== '') return { kind: 'configured', keys: parseKeyList(value) };
  if (database.dialect === 'postgres') {
    throw new ConfigError(
      'TWOFOLD_SECRET_KEY is required with a PostgreSQL DATABASE_URL: it encrypts authenticator keys in the database, ' +
        `and every instance sharing that database must use the same key. ${HOW_TO_MAKE_ONE}, keep it in your secret store, ` +
        'and give the same value to every instance.',
    );
  }
  if (database.file === ':memory:') return { kind: 'ephemeral' };
  return { kind: 'keyFile', file: path.join(dataDir, SECRET_KEY_FILE_NAME) };
}

function parseKeyList(value: string): SecretKey[] {
  const entries = value.split(',').map((s) => s.trim());
  return entries.map((entry, i) => {
    const parsed = parseSecretKey(entry);
    if (parsed.ok) return parsed.key;
    // Says which entry and what shape is wrong; the value itself is never repeated.
    const which = entries.length > 1 ? `Entry ${i + 1} of TWOFOLD_SECRET_KEY` : 'TWOFOLD_SECRET_KEY';
    throw new ConfigError(`${which} ${parsed.problem}. ${HOW_TO_MAKE_ONE}; separate several keys with commas, the current one first.`);
  });
}
