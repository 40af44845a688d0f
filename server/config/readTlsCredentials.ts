import { readFileSync } from 'node:fs';
import { ConfigError } from './configError.js';
import type { TlsFiles } from './serverConfig.js';

/** Reads the certificate and key TLS_CERT_FILE and TLS_KEY_FILE name; a missing or unreadable file is a ConfigError. */
export function readTlsCredentials(tls: TlsFiles | null): { cert: Buffer; key: Buffer } | null {
  if (!tls) return null;
  const read = (variable: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
      throw new ConfigError(`${variable}=${file} cannot be read: ${reason}.`);
    }
  };
  return { cert: read('TLS_CERT_FILE', tls.certFile), key: read('TLS_KEY_FILE', tls.keyFile) };
}
