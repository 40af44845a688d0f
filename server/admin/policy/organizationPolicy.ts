import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, OrganizationRow } from '../../db/schema.js';
import { MFA_METHODS } from '../../domain/mfaMethods.js';
import type { MfaPolicy } from '../../domain/organization.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { AdminError, notFound } from '../adminError.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireOrgInScope } from '../scope/requireInScope.js';
import { mfaPolicyProblems } from './mfaPolicyRules.js';

const AllowedMethodsJson = z.array(z.enum(MFA_METHODS));

export interface OrganizationPolicy {
  organization: { id: string; name: string; npis: string[] };
  policy: MfaPolicy;
  updatedAt: string;
}

export function policyOfRow(row: OrganizationRow): MfaPolicy {
  return {
    mode: row.mfa_mode,
    allowedMethods: AllowedMethodsJson.parse(JSON.parse(row.mfa_allowed_methods)),
    methodChoice: row.mfa_method_choice,
    fixedMethod: row.mfa_fixed_method,
    enforcementDate: row.mfa_enforcement_date,
  };
}

export async function readOrganizationPolicy(db: Kysely<Database>, caller: AdminCaller, orgId: string): Promise<OrganizationPolicy> {
  requireOrgInScope(caller, orgId);
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!row) throw notFound('organization');
  const npis = await db.selectFrom('npis').select('npi').where('org_id', '=', orgId).orderBy('npi').execute();
  return { organization: { id: row.id, name: row.name, npis: npis.map((n) => n.npi) }, policy: policyOfRow(row), updatedAt: row.updated_at };
}

/**
 * Replaces the organization's MFA policy (seed 001: "turn on MFA for the clinic and pick the method").
 * Refused with every problem at once, in sentences, when the fields do not fit together. The audit line
 * holds the policy before and after.
 */
export async function writeOrganizationPolicy(
  deps: AdminDeps,
  caller: AdminCaller,
  input: { orgId: string; policy: MfaPolicy; reason: string | null },
): Promise<OrganizationPolicy> {
  requireOrgInScope(caller, input.orgId);
  const problems = mfaPolicyProblems(input.policy);
  if (problems.length > 0) throw new AdminError('InvalidInput', problems.join(' '));
  const now = deps.now();
  const { policy } = input;
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organizations').selectAll().where('id', '=', input.orgId).executeTakeFirst();
    if (!before) throw notFound('organization');
    await trx
      .updateTable('organizations')
      .set({
        mfa_mode: policy.mode,
        mfa_allowed_methods: JSON.stringify(policy.allowedMethods),
        mfa_method_choice: policy.methodChoice,
        mfa_fixed_method: policy.fixedMethod,
        mfa_enforcement_date: policy.enforcementDate,
        updated_at: now.toISOString(),
      })
      .where('id', '=', input.orgId)
      .execute();
    await auditAdminAction(trx, caller, { event: ADMIN_EVENTS.policyChanged, orgId: input.orgId, reason: input.reason, details: { before: policyOfRow(before), after: policy } }, now);
  });
  return readOrganizationPolicy(deps.db, caller, input.orgId);
}
