import { randomUUID } from 'node:crypto';

/**
 * A new audit line's id: a UUID version 7 (RFC 9562 §5.7), the time in milliseconds first, then 74
 * random bits. Ids made later sort later, so each insert lands at the right edge of the audit log's
 * primary-key index instead of on a random page of it: fewer pages written per sign-in (bench:server).
 * The random bits come from randomUUID, whose entropy Node draws in batches.
 */
export function newAuditEventId(at: Date = new Date()): string {
  const time = at.getTime();
  // 48 bits of milliseconds: 1970 to the year 10889. Anything else would make an id that is no UUID.
  if (!Number.isInteger(time) || time < 0 || time >= 2 ** 48) throw new RangeError(`no audit id for the instant ${String(at)}`);
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx, variant bits already set in Y
  const ms = time.toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${random.slice(15)}`;
}
