export const USER_STATUSES = ['active', 'locked', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const ROLES = ['staff', 'clinic_admin', 'provider_admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  /** Stored lower-case: sign-in by username is case-insensitive. */
  username: string;
  /** Stored lower-case. */
  email: string;
  name: string;
  /** E.164, e.g. +13125550143. Seed 002: the secondary number is called when the primary does not answer. */
  primaryPhone: string | null;
  secondaryPhone: string | null;
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Membership {
  userId: string;
  orgId: string;
  role: Role;
}
