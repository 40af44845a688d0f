import { ConfigError } from './configError.js';

/**
 * PUBLIC_BASE_URL: the address people use to reach the portal (https://portal.example.org), for links the
 * service emails. Without it, startServer uses the address it listens on when that is loopback, and
 * refuses to start otherwise: a link must never be built from a request's Host header, which a caller
 * chooses.
 */
export function readPublicBaseUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL must be the portal’s address, e.g. https://portal.example.org.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('PUBLIC_BASE_URL must start with https:// (or http:// for a test on this computer).');
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('PUBLIC_BASE_URL must be a plain address without a query, fragment or credentials.');
  return url.toString().replace(/\/+$/, '');
}
