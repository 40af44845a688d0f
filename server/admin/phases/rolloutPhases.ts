import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/isUniqueViolation.js';
import type { Database } from '../../db/schema.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { AdminError, notFound } from '../adminError.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireOrgInScope } from '../scope/requireInScope.js';
import { loadPhase, type RolloutPhase } from './phaseRows.js';

export interface PhaseChange {
  orgId: string;
  phaseId: string;
}

const duplicateName = (name: string) => new AdminError('Conflict', `There is already a rollout phase named "${name}" in this organization. Choose another name.`);

/** Runs `work` in a transaction; a second phase with the same name in the organization becomes a Conflict. */
async function inTransaction<T>(deps: AdminDeps, name: string | undefined, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(work);
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

async function requirePhase(trx: Kysely<Database>, orgId: string, phaseId: string): Promise<{ enforcement_date: string | null; name: string }> {
  const phase = await trx.selectFrom('rollout_phases').select(['enforcement_date', 'name']).where('id', '=', phaseId).where('org_id', '=', orgId).executeTakeFirst();
  if (!phase) throw notFound('phase');
  return phase;
}

/** Seed 002: a group of users with its own date. Members are added here or later with changePhaseMembers. */
export async function createPhase(
  deps: AdminDeps,
  caller: AdminCaller,
  input: { orgId: string; name: string; enforcementDate: string | null; userIds: readonly string[] },
): Promise<RolloutPhase> {
  requireOrgInScope(caller, input.orgId);
  const now = deps.now();
  const at = now.toISOString();
  const id = randomUUID();
  await inTransaction(deps, input.name, async (trx) => {
    await trx
      .insertInto('rollout_phases')
      .values({ id, org_id: input.orgId, name: input.name, enforcement_date: input.enforcementDate, notified_at: null, created_at: at, updated_at: at })
      .execute();
    const moved = await addMembers(trx, input.orgId, id, input.userIds, at);
    await auditAdminAction(
      trx,
      caller,
      { event: ADMIN_EVENTS.phaseCreated, orgId: input.orgId, details: { phaseId: id, name: input.name, enforcementDate: input.enforcementDate, members: input.userIds.length, movedFromOtherPhases: moved } },
      now,
    );
  });
  return loadPhase(deps.db, input.orgId, id);
}

/**
 * Renames a phase or moves its date (`null` clears it, `undefined` leaves it). A new date means every
 * member must be told again.
 */
export async function updatePhase(
  deps: AdminDeps,
  caller: AdminCaller,
  input: PhaseChange & { name?: string | undefined; enforcementDate?: string | null | undefined },
): Promise<RolloutPhase> {
  requireOrgInScope(caller, input.orgId);
  const now = deps.now();
  const at = now.toISOString();
  await inTransaction(deps, input.name, async (trx) => {
    const before = await requirePhase(trx, input.orgId, input.phaseId);
    const dateChanged = input.enforcementDate !== undefined && input.enforcementDate !== before.enforcement_date;
    await trx
      .updateTable('rollout_phases')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(dateChanged ? { enforcement_date: input.enforcementDate ?? null, notified_at: null } : {}),
        updated_at: at,
      })
      .where('id', '=', input.phaseId)
      .execute();
    if (dateChanged) await trx.updateTable('rollout_phase_members').set({ notified_at: null }).where('phase_id', '=', input.phaseId).execute();
    await auditAdminAction(
      trx,
      caller,
      {
        event: ADMIN_EVENTS.phaseUpdated,
        orgId: input.orgId,
        details: { phaseId: input.phaseId, before: { name: before.name, enforcementDate: before.enforcement_date }, after: { name: input.name ?? before.name, enforcementDate: dateChanged ? input.enforcementDate : before.enforcement_date } },
      },
      now,
    );
  });
  return loadPhase(deps.db, input.orgId, input.phaseId);
}

/** Removes the phase; its members fall back to the organization's own enforcement date. */
export async function deletePhase(deps: AdminDeps, caller: AdminCaller, input: PhaseChange): Promise<void> {
  requireOrgInScope(caller, input.orgId);
  const now = deps.now();
  await inTransaction(deps, undefined, async (trx) => {
    const before = await requirePhase(trx, input.orgId, input.phaseId);
    const members = await trx.selectFrom('rollout_phase_members').select('user_id').where('phase_id', '=', input.phaseId).execute();
    await trx.deleteFrom('rollout_phases').where('id', '=', input.phaseId).execute();
    await auditAdminAction(
      trx,
      caller,
      { event: ADMIN_EVENTS.phaseDeleted, orgId: input.orgId, details: { phaseId: input.phaseId, name: before.name, enforcementDate: before.enforcement_date, members: members.length } },
      now,
    );
  });
}

/** Adds and removes members. A user is in at most one phase per organization: adding moves them here. */
export async function changePhaseMembers(
  deps: AdminDeps,
  caller: AdminCaller,
  input: PhaseChange & { add: readonly string[]; remove: readonly string[] },
): Promise<RolloutPhase> {
  requireOrgInScope(caller, input.orgId);
  const both = input.add.filter((id) => input.remove.includes(id));
  if (both.length > 0) throw new AdminError('InvalidInput', `A user cannot be added and removed in one request: ${both.slice(0, 5).join(', ')}.`);
  const now = deps.now();
  const at = now.toISOString();
  await inTransaction(deps, undefined, async (trx) => {
    await requirePhase(trx, input.orgId, input.phaseId);
    const moved = await addMembers(trx, input.orgId, input.phaseId, input.add, at);
    let removed = 0;
    for (const chunk of chunks(input.remove)) {
      const result = await trx.deleteFrom('rollout_phase_members').where('phase_id', '=', input.phaseId).where('user_id', 'in', chunk).executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    await auditAdminAction(
      trx,
      caller,
      { event: ADMIN_EVENTS.phaseMembersChanged, orgId: input.orgId, details: { phaseId: input.phaseId, added: input.add.length, removed, movedFromOtherPhases: moved } },
      now,
    );
  });
  return loadPhase(deps.db, input.orgId, input.phaseId);
}

/**
 * Puts users in the phase, taking them out of any other phase of the organization first. Every id must
 * be a member of the organization; the refusal names the ones that are not, and says nothing about
 * whether they exist elsewhere. Returns how many were moved from another phase.
 */
async function addMembers(trx: Kysely<Database>, orgId: string, phaseId: string, userIds: readonly string[], at: string): Promise<number> {
  const unique = [...new Set(userIds)];
  let moved = 0;
  for (const chunk of chunks(unique)) {
    const members = await trx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', 'in', chunk).execute();
    const known = new Set(members.map((m) => m.user_id));
    const strangers = chunk.filter((id) => !known.has(id));
    if (strangers.length > 0) {
      const who = strangers.length === 1 ? 'This user is not a member' : 'These users are not members';
      throw new AdminError('InvalidInput', `${who} of the organization: ${strangers.slice(0, 5).join(', ')}${strangers.length > 5 ? ', …' : ''}.`);
    }
    const elsewhere = await trx.deleteFrom('rollout_phase_members').where('org_id', '=', orgId).where('user_id', 'in', chunk).where('phase_id', '!=', phaseId).executeTakeFirst();
    moved += Number(elsewhere.numDeletedRows);
    await trx
      .insertInto('rollout_phase_members')
      .values(chunk.map((userId) => ({ phase_id: phaseId, org_id: orgId, user_id: userId, added_at: at, notified_at: null })))
      .onConflict((oc) => oc.columns(['phase_id', 'user_id']).doNothing())
      .execute();
  }
  // The phase counts as told only while nobody in it is waiting for the notice.
  const waiting = await trx.selectFrom('rollout_phase_members').select('user_id').where('phase_id', '=', phaseId).where('notified_at', 'is', null).limit(1).execute();
  if (waiting.length > 0) await trx.updateTable('rollout_phases').set({ notified_at: null }).where('id', '=', phaseId).execute();
  return moved;
}

function* chunks<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
