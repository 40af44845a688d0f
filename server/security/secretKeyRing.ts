import type { SecretKey } from './secretKey.js';

/**
 * The keys the service holds: `current` seals and hashes everything new; every key in `all` (current
 * first) still opens what it sealed. Rotating means configuring a new key in front of the old one,
 * re-sealing at leisure, then dropping the old one.
 */
export interface SecretKeyRing {
  current: SecretKey;
  all: readonly SecretKey[];
}

export function secretKeyRing(keys: readonly SecretKey[]): SecretKeyRing {
  const [current] = keys;
  if (!current) throw new RangeError('A key ring needs at least one key');
  const unique = keys.filter((k, i) => keys.findIndex((other) => other.id === k.id) === i);
  return { current, all: unique };
}
