import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, SelfServiceFlowRow, SelfServiceFlowsTable } from '../db/schema.js';
import type { IssuedToken } from '../auth/rememberedDevices.js';
import { hashToken, looksLikeToken, newToken } from '../sessions/sessionToken.js';

export type FlowKind = SelfServiceFlowsTable['kind'];

const CallSchema = z.object({ id: z.string().min(1).max(128), leg: z.enum(['primary', 'secondary']), to: z.string() });

/**
 * A flow's progress, kept in `self_service_flows.state` (JSON) so the next request may land on any
 * instance. Never a secret: codes live hashed in one_time_codes, links hashed in registration_links.
 */
export const FlowStateSchema = z.object({
  /** Forgotten password: when the last email code was sent (or would have been, for nobody). */
  emailCodeSentAt: z.string().optional(),
  emailVerified: z.boolean().default(false),
  /** Forgotten password: when the last texted code was sent; the call in progress. */
  phoneCodeSentAt: z.string().optional(),
  call: CallSchema.optional(),
  phoneVerified: z.boolean().default(false),
});
export type FlowState = z.infer<typeof FlowStateSchema>;

export function parseFlowState(json: string): FlowState {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  const parsed = FlowStateSchema.safeParse(value);
  return parsed.success ? parsed.data : FlowStateSchema.parse({});
}

export interface NewFlow {
  kind: FlowKind;
  userId: string | null;
  orgId?: string | null;
  npi?: string | null;
  step: string;
  state: FlowState;
  ip: string | null;
}

/**
 * The self_service_flows table. A flow is found only by its token's hash, only for its kind, and only
 * while unfinished and unexpired; finishing is one conditional UPDATE, so of two requests completing the
 * same step exactly one goes on.
 */
export interface FlowStore {
  create(flow: NewFlow, lifetimeSeconds: number): Promise<{ token: IssuedToken; row: SelfServiceFlowRow }>;
  find(token: unknown, kind: FlowKind): Promise<SelfServiceFlowRow | undefined>;
  update(id: string, change: { step?: string; state?: FlowState; wrongTries?: number }): Promise<void>;
  /** Counts one wrong code or password; returns the new count. */
  countWrongTry(id: string): Promise<number>;
  /** True when this call finished it. */
  finish(id: string, db?: Kysely<Database>): Promise<boolean>;
  /** Ends a user's flows of one kind (a reset, a new link): their cookies stop working. */
  finishForUser(userId: string, kind: FlowKind, db?: Kysely<Database>): Promise<void>;
  deleteExpired(): Promise<number>;
}

export function createFlowStore(db: Kysely<Database>, now: () => Date): FlowStore {
  return {
    async create(flow, lifetimeSeconds) {
      const token = newToken();
      const at = now();
      const row: SelfServiceFlowRow = {
        id: hashToken(token),
        kind: flow.kind,
        user_id: flow.userId,
        org_id: flow.orgId ?? null,
        npi: flow.npi ?? null,
        step: flow.step,
        state: JSON.stringify(flow.state),
        wrong_tries: 0,
        ip: flow.ip,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + lifetimeSeconds * 1000).toISOString(),
        finished_at: null,
      };
      await db.insertInto('self_service_flows').values(row).execute();
      return { token: { token, expiresAt: row.expires_at }, row };
    },

    async find(token, kind) {
      if (!looksLikeToken(token)) return undefined;
      return db
        .selectFrom('self_service_flows')
        .selectAll()
        .where('id', '=', hashToken(token))
        .where('kind', '=', kind)
        .where('finished_at', 'is', null)
        .where('expires_at', '>', now().toISOString())
        .executeTakeFirst();
    },

    async update(id, change) {
      const set: { step?: string; state?: string; wrong_tries?: number } = {};
      if (change.step !== undefined) set.step = change.step;
      if (change.state !== undefined) set.state = JSON.stringify(change.state);
      if (change.wrongTries !== undefined) set.wrong_tries = change.wrongTries;
      if (Object.keys(set).length > 0) await db.updateTable('self_service_flows').set(set).where('id', '=', id).execute();
    },

    async countWrongTry(id) {
      const row = await db
        .updateTable('self_service_flows')
        .set({ wrong_tries: sql<number>`wrong_tries + 1` })
        .where('id', '=', id)
        .returning('wrong_tries')
        .executeTakeFirst();
      return row?.wrong_tries ?? Number.MAX_SAFE_INTEGER;
    },

    async finish(id, on = db) {
      const result = await on.updateTable('self_service_flows').set({ finished_at: now().toISOString() }).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async finishForUser(userId, kind, on = db) {
      await on.updateTable('self_service_flows').set({ finished_at: now().toISOString() }).where('user_id', '=', userId).where('kind', '=', kind).where('finished_at', 'is', null).execute();
    },

    async deleteExpired() {
      const result = await db.deleteFrom('self_service_flows').where('expires_at', '<=', now().toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
