import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export type UserThrottleKey = `user:${string}`;
export type AddressThrottleKey = `ip:${string}`;
export type ThrottleKey = UserThrottleKey | AddressThrottleKey;

/** What an account's key starts with; SQL that builds the key from a user id uses it too (loadCodeAttempt). */
export const USER_THROTTLE_KEY_PREFIX = 'user:';

/** Per account: the user's id, so a renamed user keeps their count. */
export const userThrottleKey = (userId: string): UserThrottleKey => `${USER_THROTTLE_KEY_PREFIX}${userId}`;

/**
 * For a login name that matches no account: a stand-in key (a hash, so the table holds no typed names),
 * so guesses at a name that does not exist lock out like guesses at one that does, and the lockout does
 * not tell which names exist.
 */
export function unknownLoginKey(login: string): UserThrottleKey {
  return userThrottleKey(`unknown:${createHash('sha256').update(login.trim().toLowerCase()).digest('hex').slice(0, 32)}`);
}

/**
 * Per client: the IPv4 address, or the IPv6 /64 it belongs to. One subscriber usually gets a whole /64,
 * so counting single IPv6 addresses would give an attacker 2^64 fresh counters. An IPv4 address seen
 * through an IPv6 socket (`::ffff:10.0.0.1`) counts as that IPv4 address.
 */
export function addressThrottleKey(address: string): AddressThrottleKey {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return `ip:${mapped[1]}`;
  if (isIPv4(address)) return `ip:${address}`;
  const withoutZone = address.replace(/%.*$/, '');
  if (isIPv6(withoutZone)) return `ip:${ipv6Groups(withoutZone).slice(0, 4).join(':')}::/64`;
  // Not an address (a test double, a unix socket): counted as given.
  return `ip:${address}`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const lastV4 = (groups: string[]) => {
    const last = groups.at(-1);
    if (!last || !isIPv4(last)) return groups;
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    return [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  const left = lastV4(part(head));
  const right = tail === undefined ? [] : lastV4(part(tail));
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
