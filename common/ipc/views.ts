import { z } from 'zod';
import { OTP_ALGORITHMS, OTP_KINDS } from '../otp/otpParams.js';

/** What the renderer may know about an account: metadata only, never the secret. */
export const AccountViewSchema = z.object({
  id: z.string(),
  issuer: z.string(),
  accountName: z.string(),
  kind: z.enum(OTP_KINDS),
  algorithm: z.enum(OTP_ALGORITHMS),
  digits: z.number().int(),
  period: z.number().int(),
  group: z.string().nullable(),
  order: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AccountView = z.infer<typeof AccountViewSchema>;

/** A code ready to show. Times are ms since the epoch, by the main process clock. */
export const CodeViewSchema = z.object({
  id: z.string(),
  current: z.string(),
  /** The following period's code (time-based kinds), shown when the current one is about to expire. */
  next: z.string().nullable(),
  periodStart: z.number().nullable(),
  periodEnd: z.number().nullable(),
});
export type CodeView = z.infer<typeof CodeViewSchema>;

export const VAULT_STATES = ['ready', 'keychain-unavailable', 'corrupt', 'error'] as const;
export const VaultStatusSchema = z.object({
  state: z.enum(VAULT_STATES),
  /** A sentence for the person in front of the screen when the state is not `ready`. */
  message: z.string().nullable(),
  accountCount: z.number().int(),
  profileId: z.string(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

export const THEMES = ['system', 'light', 'dark'] as const;
export const SettingsSchema = z.object({
  /** Seconds after a copy before the clipboard is cleared (if it still holds our code); 0 = never. */
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  theme: z.enum(THEMES),
});
export type Settings = z.infer<typeof SettingsSchema>;
