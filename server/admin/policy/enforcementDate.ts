import { z } from 'zod';

/**
 * An enforcement date as people write it: a day (`2026-03-01`, midnight UTC) or an instant with its
 * offset (`2026-03-01T07:00:00-05:00`, for a clinic's own midnight). Stored as ISO-8601 UTC, like every
 * instant in the database, so text order is time order.
 */
export const EnforcementDateSchema = z
  .string()
  .trim()
  .refine((value) => toEnforcementInstant(value) !== null, {
    message: 'Write the enforcement date as a day (2026-03-01) or a date and time with its offset (2026-03-01T07:00:00-05:00).',
  })
  .transform((value) => toEnforcementInstant(value)!)
  .meta({ description: 'A day (`2026-03-01`, midnight UTC) or an ISO-8601 instant with offset. Answers give ISO-8601 UTC.', example: '2026-03-01' });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function toEnforcementInstant(value: string): string | null {
  if (!DAY.test(value) && !INSTANT.test(value)) return null;
  const ms = Date.parse(DAY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  // Date.parse rolls 2026-02-30 over to March; a day that does not exist is a typo, not a date.
  if (DAY.test(value) && iso.slice(0, 10) !== value) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 2000 && year <= 2100 ? iso : null;
}
