import type { SessionRow, UserRow } from '../db/schema.js';
import { parseSessionState, type SessionState } from '../sessions/sessionState.js';
import type { SignInContext } from './signInContext.js';

export interface Pending {
  row: SessionRow;
  user: UserRow;
  state: SessionState;
}

/**
 * The sign-in in progress a token names, at the stage the caller expects, for a user who may still sign
 * in; null for anything else (expired, finished, wrong stage, account disabled meanwhile).
 */
export async function loadPending(ctx: SignInContext, token: unknown, stage: 'second_factor' | 'registration'): Promise<Pending | null> {
  return pendingFrom(ctx, await ctx.sessions.findWithUser(token), stage);
}

/** `loadPending` on a session and user the caller read itself. */
export async function pendingFrom(ctx: SignInContext, found: { row: SessionRow; user: UserRow } | undefined, stage: 'second_factor' | 'registration'): Promise<Pending | null> {
  if (!found || found.row.stage !== stage) return null;
  const { row, user } = found;
  if (user.status !== 'active') {
    await ctx.sessions.remove(row.id);
    return null;
  }
  return { row, user, state: parseSessionState(row.state) };
}
