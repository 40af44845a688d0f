import type { Insertable, Selectable, Updateable } from 'kysely';
import type { MfaMethod } from '../domain/mfaMethods.js';
import type { MfaMethodChoice, MfaMode } from '../domain/organization.js';
import type { Role, UserStatus } from '../domain/user.js';

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

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type MfaRegistrationRow = Selectable<MfaRegistrationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
