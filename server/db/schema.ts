import type { Insertable, Selectable, Updateable } from 'kysely';
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
