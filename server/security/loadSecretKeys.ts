import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config/configError.js';
import { parseSecretKey, SECRET_KEY_BYTES, SecretKey } from './secretKey.js';
import { secretKeyRing, type SecretKeyRing } from './secretKeyRing.js';
import type { SecretKeySource } from './secretKeySource.js';

/**
 * Turns the configured source into keys; for the embedded default this is where the key file is read,
 * or made on first start. Kept apart from loadServerConfig, which stays free of side effects. Called
 * by startServer after the data folder exists. Throws ConfigError for a key file it cannot use.
 */
export function loadSecretKeys(source: SecretKeySource): SecretKeyRing {
  switch (source.kind) {
    case 'configured':
      return secretKeyRing(source.keys);
    case 'ephemeral':
      return secretKeyRing([new SecretKey(randomBytes(SECRET_KEY_BYTES))]);
    case 'keyFile':
      return secretKeyRing([readOrCreateKeyFile(source.file)]);
  }
}

function readOrCreateKeyFile(file: string): SecretKey {
  const fresh = new SecretKey(randomBytes(SECRET_KEY_BYTES));
  // Written whole to a private temporary name, then linked into place: link() fails when the file
  // exists, so two processes starting at once cannot both install a key, and neither can read a
  // half-written one. The loser reads the winner's.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${fresh.exportBase64()}\n`, { flag: 'wx', mode: 0o600 });
    linkSync(temporary, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(`Cannot create the key file ${file} (${describeFsError(error)}). Check that the data folder is writable.`);
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): SecretKey {
  let text: string;
  try {
    // Like ssh with its private keys: a key others can read is refused rather than used.
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      throw new ConfigError(`The key file ${file} can be read by other users of this machine. Restrict it with: chmod 600 ${file}`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot read the key file ${file} (${describeFsError(error)}).`);
  }
  const parsed = parseSecretKey(text);
  if (!parsed.ok) {
    throw new ConfigError(
      `The key file ${file} ${parsed.problem}. Restore it from a backup: without it, authenticator registrations ` +
        'in this database cannot be read (deleting the file makes a new key, and every user registers their authenticator again).',
    );
  }
  return parsed.key;
}

function describeFsError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}
