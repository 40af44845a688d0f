import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { MfaMethod } from '../domain/mfaMethods.js';
import type { MfaMethodChoice, MfaMode } from '../domain/organization.js';
import type { Role, UserStatus } from '../domain/user.js';
import type { CodeChannel, CodePurpose } from '../security/codePurpose.js';

/**
 * The tables as the query layer sees them, identical on SQLite and PostgreSQL (docs/decisions/006):
 * ids are UUID text, instants are ISO-8601 UTC text written by the service's clock, lists and JSON are
 * text. Column names are snake_case; repositories map rows to the camelCase domain types.
 */
export interface Database {
  organizations: OrganizationsTable;
  npis: NpisTable;
  users: UsersTable;
  memberships: MembershipsTable;
  mfa_registrations: MfaRegistrationsTable;
  audit_log: AuditLogTable;
  one_time_codes: OneTimeCodesTable;
  login_throttle: LoginThrottleTable;
  dev_outbox: DevOutboxTable;
  phone_call_keys: PhoneCallKeysTable;
  phone_call_checks: PhoneCallChecksTable;
  sessions: SessionsTable;
  remembered_devices: RememberedDevicesTable;
  api_tokens: ApiTokensTable;
  registration_links: RegistrationLinksTable;
  rollout_phases: RolloutPhasesTable;
  rollout_phase_members: RolloutPhaseMembersTable;
  provider_registration_codes: ProviderRegistrationCodesTable;
  provider_signups: ProviderSignupsTable;
  self_service_flows: SelfServiceFlowsTable;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  mfa_mode: MfaMode;
  /** JSON array of MfaMethod, e.g. ["totp","sms"]. */
  mfa_allowed_methods: string;
  mfa_method_choice: MfaMethodChoice;
  mfa_fixed_method: MfaMethod | null;
  mfa_enforcement_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface NpisTable {
  org_id: string;
  npi: string;
}

export interface UsersTable {
  id: string;
  /** Lower-case. */
  username: string;
  /** Lower-case. */
  email: string;
  name: string;
  /** Lower-case copy of `name`, indexed for prefix search among 100,000 users. */
  name_search: string;
  primary_phone: string | null;
  secondary_phone: string | null;
  status: UserStatus;
  /** Argon2id PHC string. */
  password_hash: string;
  created_at: string;
  updated_at: string;
  /** Migration 005: ISO-8601 UTC of the last completed sign-in, '' for never (not null: see the migration). */
  last_login_at: ColumnType<string, string | undefined, string>;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: Role;
}

export interface MfaRegistrationsTable {
  id: string;
  user_id: string;
  method: MfaMethod;
  /** AES-GCM envelope of the TOTP key (never the key itself); null for other methods. */
  totp_secret_encrypted: string | null;
  phone: string | null;
  confirmed_at: string | null;
  created_at: string;
  /** RFC 6238 time step of the last code accepted (migration 002); a code is accepted only for a later one. */
  last_totp_step: number | null;
}

/** Append-only: the database refuses UPDATE and DELETE on it (migration 001's triggers). */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  subject_user_id: string | null;
  org_id: string | null;
  event: string;
  ip: string | null;
  reason: string | null;
  /** JSON object. */
  details: string;
}

/** Migration 002. A code is live while `consumed_at` is null; only the newest live one per user and purpose counts. */
export interface OneTimeCodesTable {
  id: string;
  user_id: string;
  purpose: CodePurpose;
  channel: CodeChannel;
  /** HMAC-SHA256 hex under a key derived from the secret key; never the code. */
  code_hash: string;
  created_at: string;
  expires_at: string;
  attempts: number;
  max_attempts: number;
  /** Set when the code is accepted, or when a newer code for the same purpose replaces it. */
  consumed_at: string | null;
}

/** Migration 002. One row per throttled key (`user:<id>`, `ip:<address>`), updated by single-statement upserts. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

/** Development only (DEV_OUTBOX): what the service would have sent. Bodies hold codes. */
export interface DevOutboxTable {
  id: string;
  channel: 'email' | 'sms' | 'voice';
  /** An email address or an E.164 number. */
  recipient: string;
  /** Emails only. */
  subject: string | null;
  /** The text of the email or SMS, or what the call says. */
  body: string;
  created_at: string;
  /** Calls only. */
  call_state: 'ringing' | 'confirmed' | 'hung_up' | 'no_answer' | null;
  /** Calls only: after this instant a call still ringing counts as not answered. */
  ring_until: string | null;
  answered_at: string | null;
}

/** The key a person pressed on a real verification call, as the phone provider's callback reported it. */
export interface PhoneCallKeysTable {
  /** The provider's call id (Twilio's CallSid). */
  call_id: string;
  pressed_key: string;
  at: string;
}

/** Migration 008. When the phone provider was last asked about a verification call (at most once a second). */
export interface PhoneCallChecksTable {
  call_id: string;
  checked_at: string;
}

/** Migration 004. A sign-in in progress (password accepted) or done; keyed by the SHA-256 of its token. */
export interface SessionsTable {
  /** SHA-256 hex of the token; the token itself is only in the cookie or bearer header. */
  id: string;
  user_id: string;
  stage: 'second_factor' | 'registration' | 'signed_in';
  /** The method chosen for the second factor or being registered; for signed_in, the one used (null: none asked). */
  method: MfaMethod | null;
  /** JSON of the step's progress (server/sessions/sessionState.ts). Never a secret. */
  state: string;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  expires_at: string;
}

/** Migration 004. A browser that proved a second factor with "Remember me"; keyed by the SHA-256 of its token. */
export interface RememberedDevicesTable {
  id: string;
  user_id: string;
  registration_id: string;
  method: MfaMethod;
  password_fingerprint: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
}

/** Migration 005. An admin API bearer token; only its SHA-256 is stored. */
export interface ApiTokensTable {
  id: string;
  /** SHA-256 hex of the token; the token itself is only in the Authorization header. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Migration 005. An emailed link that lets a user (re)register MFA or finish a registration; valid 20 minutes. */
export interface RegistrationLinksTable {
  id: string;
  /** SHA-256 hex of the token in the link. */
  token_hash: string;
  user_id: string;
  purpose: 'mfa_registration' | 'complete_registration';
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when a newer link for the same user and purpose replaced this one. */
  revoked_at: string | null;
  created_by_user_id: string | null;
}

/** Migration 005. A group of an organization's users with its own MFA enforcement date (seed 002). */
export interface RolloutPhasesTable {
  id: string;
  org_id: string;
  name: string;
  enforcement_date: string | null;
  /** When every member had last been emailed the current date; null while some have not. */
  notified_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 005. A user belongs to at most one phase per organization. */
export interface RolloutPhaseMembersTable {
  phase_id: string;
  org_id: string;
  user_id: string;
  added_at: string;
  /** Null until the member has been emailed the phase's current enforcement date. */
  notified_at: string | null;
}

/** Migration 006. The code an organization gives its providers to register (seed 003); only its SHA-256 is stored. */
export interface ProviderRegistrationCodesTable {
  id: string;
  org_id: string;
  /** SHA-256 hex of the normalized code (server/enrollment/providerRegistrationCodes.ts). */
  code_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_by_user_id: string | null;
}

/** Migration 006. A new provider's registration (seed 003): the details typed, and how far it got. */
export interface ProviderSignupsTable {
  user_id: string;
  org_id: string;
  npi: string;
  first_name: string;
  last_name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  /** USPS two-letter code. */
  state: string | null;
  zip: string | null;
  /** E.164. */
  office_phone: string | null;
  /** E.164. */
  fax: string;
  created_at: string;
  /** Null until the provider chose a password (after the emailed link). */
  password_set_at: string | null;
  /** Null until the terms of use were accepted: the registration is complete then. */
  terms_accepted_at: string | null;
  terms_version: string | null;
}

/** Migration 006. A forgotten-password or registration flow in progress; keyed by the SHA-256 of its token. */
export interface SelfServiceFlowsTable {
  id: string;
  kind: 'password_reset' | 'provider_signup' | 'registration_link';
  user_id: string | null;
  org_id: string | null;
  npi: string | null;
  step: string;
  /** JSON of the step's progress (server/recovery/selfServiceFlows.ts). Never a secret. */
  state: string;
  wrong_tries: number;
  ip: string | null;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type MfaRegistrationRow = Selectable<MfaRegistrationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
export type DevOutboxRow = Selectable<DevOutboxTable>;
export type NewDevOutboxRow = Insertable<DevOutboxTable>;
export type SessionRow = Selectable<SessionsTable>;
export type RememberedDeviceRow = Selectable<RememberedDevicesTable>;
export type SelfServiceFlowRow = Selectable<SelfServiceFlowsTable>;
export type ProviderSignupRow = Selectable<ProviderSignupsTable>;
