import { z } from 'zod';
import { AdminError } from '../adminError.js';

const CursorSchema = z.object({ a: z.string().max(40), i: z.string().max(200) });

/** Keyset paging of the audit log, newest first: the last line's instant and id. Opaque to clients, not secret. */
export function encodeAuditCursor(after: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify({ a: after.at, i: after.id }), 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: parsed.a, id: parsed.i };
  } catch {
    throw new AdminError('InvalidInput', 'The cursor is not one this service gave out. Start again from the first page.');
  }
}
