import { z } from 'zod';
import { MFA_METHODS } from '../domain/mfaMethods.js';

/** A verification call in progress: which of the user's numbers it rings, and the provider's call id. */
const CallSchema = z.object({
  id: z.string().min(1).max(128),
  leg: z.enum(['primary', 'secondary']),
  /** E.164. */
  to: z.string(),
});

/**
 * What a sign-in step has done so far, kept in `sessions.state` (JSON) so that the next request may land
 * on any instance. Holds no secret: codes live hashed in one_time_codes, TOTP keys sealed in
 * mfa_registrations.
 */
export const SessionStateSchema = z.object({
  /** second_factor: the methods this user may use now; registration: the methods they may register. */
  options: z.array(z.enum(MFA_METHODS)).default([]),
  /** When the last code of this step was sent. */
  codeSentAt: z.string().optional(),
  call: CallSchema.optional(),
  /** Registration by phone: the number being confirmed (E.164), and the optional secondary one. */
  phone: z.string().optional(),
  secondaryPhone: z.string().optional(),
  /** Registration: wrong codes typed so far (one_time_codes counts its own; this bounds TOTP confirmation). */
  wrongTries: z.number().int().min(0).default(0),
});
export type SessionState = z.infer<typeof SessionStateSchema>;
export type CallProgress = z.infer<typeof CallSchema>;

export function parseSessionState(json: string): SessionState {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  const parsed = SessionStateSchema.safeParse(value);
  return parsed.success ? parsed.data : SessionStateSchema.parse({});
}
