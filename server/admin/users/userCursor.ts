import { z } from 'zod';
import { AdminError } from '../adminError.js';

export const USER_SORTS = ['name', 'username', 'email', 'lastLogin', 'created'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** Where the previous page ended: the last row's sort value and id (the tie-breaker). */
export interface UserKeyset {
  value: string;
  id: string;
}

const CursorSchema = z.object({ s: z.enum(USER_SORTS), d: z.enum(['asc', 'desc']), v: z.string().max(1000), i: z.string().max(200) });

/**
 * Keyset paging (after this value and id) rather than offsets: page 2,000 of 100,000 users costs what
 * page 1 does, and a user added meanwhile shifts nothing. The cursor names its sort, so it cannot be
 * replayed under another order. Opaque to clients (base64url JSON), but not secret: scope is checked anew.
 */
export function encodeUserCursor(sort: UserSort, direction: SortDirection, keyset: UserKeyset): string {
  return Buffer.from(JSON.stringify({ s: sort, d: direction, v: keyset.value, i: keyset.id }), 'utf8').toString('base64url');
}

export function decodeUserCursor(cursor: string, sort: UserSort, direction: SortDirection): UserKeyset {
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AdminError('InvalidInput', 'The cursor is not one this service gave out. Start again from the first page.');
  }
  if (parsed.s !== sort || parsed.d !== direction) {
    throw new AdminError('InvalidInput', 'This cursor belongs to another sort order. Start again from the first page.');
  }
  return { value: parsed.v, id: parsed.i };
}
