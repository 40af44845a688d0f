/**
 * The audit log's event names for what the admin API does, in one place so the audit query and the
 * desktop admin view can offer them as a list. Dotted: subject, then what happened.
 */
export const ADMIN_EVENTS = {
  signInFailed: 'admin.sign_in_failed',
  codeSent: 'admin.sign_in_code_sent',
  lockedOut: 'account.locked_out',
  tokenIssued: 'admin.token_issued',
  tokenRevoked: 'admin.token_revoked',
  mfaReset: 'user.mfa_reset',
  unlocked: 'user.unlocked',
  registrationLinkSent: 'user.registration_link_sent',
  policyChanged: 'organization.policy_changed',
  registrationCodeCreated: 'organization.registration_code_created',
  registrationCodeRevoked: 'organization.registration_code_revoked',
  phaseCreated: 'phase.created',
  phaseUpdated: 'phase.updated',
  phaseDeleted: 'phase.deleted',
  phaseMembersChanged: 'phase.members_changed',
  phaseNotified: 'phase.notified',
  usersExported: 'export.users',
  auditExported: 'export.audit',
} as const;
export type AdminEvent = (typeof ADMIN_EVENTS)[keyof typeof ADMIN_EVENTS];
