import { isIP } from 'node:net';
import { ConfigError } from './configError.js';

/**
 * Who may set X-Forwarded-For / -Proto: nobody (false), a number of hops, or a list of proxy addresses,
 * CIDR ranges or the named ranges `loopback`, `linklocal`, `uniquelocal` (Fastify's `trustProxy`).
 * `true` (trust every hop) is accepted but lets any client choose its own address for rate limits and
 * the audit log, so the docs steer people to an address list.
 */
export type TrustProxy = false | true | number | readonly string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      throw new ConfigError(
        `TRUST_PROXY has "${entry}", which is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal. ` +
          'Set it to the address of the TLS-terminating proxy in front of this service, e.g. TRUST_PROXY=10.0.0.5.',
      );
    }
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export function isBehindProxy(trustProxy: TrustProxy): boolean {
  return trustProxy !== false;
}
