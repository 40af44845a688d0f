import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { createProviderRegistrationCode } from '../../enrollment/providerRegistrationCodes.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { AdminError, notFound } from '../adminError.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireOrgInScope } from '../scope/requireInScope.js';

/** A provider registration code as an administrator sees it afterwards: never the code itself (only its hash is kept). */
export interface RegistrationCodeView {
  id: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdByUserId: string | null;
}

export async function listRegistrationCodes(db: Kysely<Database>, caller: AdminCaller, orgId: string): Promise<RegistrationCodeView[]> {
  requireOrgInScope(caller, orgId);
  const rows = await db
    .selectFrom('provider_registration_codes')
    .select(['id', 'created_at', 'expires_at', 'revoked_at', 'created_by_user_id'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, createdByUserId: r.created_by_user_id }));
}

/**
 * A new code the clinic hands its providers for `/register` (with one of its NPIs). The code is in this
 * answer once and nowhere else: the database keeps its hash, the audit line its id.
 */
export async function createRegistrationCode(
  deps: AdminDeps,
  caller: AdminCaller,
  input: { orgId: string; expiresAt: string | null; reason: string | null },
): Promise<RegistrationCodeView & { code: string }> {
  requireOrgInScope(caller, input.orgId);
  const now = deps.now();
  if (input.expiresAt !== null && input.expiresAt <= now.toISOString()) {
    throw new AdminError('InvalidInput', 'The code would have expired already: choose an expiry date in the future, or none.');
  }
  return deps.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select('id').where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw notFound('organization');
    const created = await createProviderRegistrationCode(trx, {
      orgId: input.orgId,
      now,
      expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt),
      createdByUserId: caller.userId,
    });
    await auditAdminAction(trx, caller, { event: ADMIN_EVENTS.registrationCodeCreated, orgId: input.orgId, reason: input.reason, details: { codeId: created.id, expiresAt: input.expiresAt } }, now);
    return { id: created.id, code: created.code, createdAt: now.toISOString(), expiresAt: input.expiresAt, revokedAt: null, createdByUserId: caller.userId };
  });
}

/** Stops a code from working; providers who already registered with it are not affected. */
export async function revokeRegistrationCode(
  deps: AdminDeps,
  caller: AdminCaller,
  input: { orgId: string; codeId: string; reason: string },
): Promise<RegistrationCodeView> {
  requireOrgInScope(caller, input.orgId);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    // Looked up within the organization, so another organization's code id answers "not found" too.
    const row = await trx
      .selectFrom('provider_registration_codes')
      .select(['id', 'created_at', 'expires_at', 'revoked_at', 'created_by_user_id'])
      .where('id', '=', input.codeId)
      .where('org_id', '=', input.orgId)
      .executeTakeFirst();
    if (!row) throw notFound('registration code');
    const revokedAt = row.revoked_at ?? now.toISOString();
    if (row.revoked_at === null) {
      await trx.updateTable('provider_registration_codes').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
      await auditAdminAction(trx, caller, { event: ADMIN_EVENTS.registrationCodeRevoked, orgId: input.orgId, reason: input.reason, details: { codeId: row.id } }, now);
    }
    return { id: row.id, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt, createdByUserId: row.created_by_user_id };
  });
}
