import { z } from 'zod';
import { E164_PATTERN } from '../domain/phone.js';

export const E164Schema = z.string().regex(E164_PATTERN, 'The number is not in E.164 form (+15555550123).');

/** Twilio's default and a common carrier ring time; long enough for a person to reach the phone. */
export const DEFAULT_RING_SECONDS = 60;

export const VerificationCallOptionsSchema = z.object({
  /** What the call says, e.g. verificationCallScript(): it must tell the person to press #. */
  message: z.string().min(1, 'The call has nothing to say.').max(1000, 'What the call says is longer than 1000 characters.'),
  /** How long the phone rings before the call counts as not answered. */
  ringSeconds: z.number().int().min(5, 'A call rings for 5 to 600 seconds.').max(600, 'A call rings for 5 to 600 seconds.').default(DEFAULT_RING_SECONDS),
});
export type VerificationCallOptions = z.input<typeof VerificationCallOptionsSchema>;

export const SMS_MAX_LENGTH = 1600;
export const SmsBodySchema = z.string().min(1, 'The text is empty.').max(SMS_MAX_LENGTH, `A text holds at most ${SMS_MAX_LENGTH} characters.`);

/**
 * Where a verification call stands.
 * - `ringing`: not decided yet (queued, ringing, or answered and the message still playing).
 * - `confirmed`: answered, and the person pressed `#`.
 * - `hung_up`: answered, and the person pressed another key (the outbox: or chose to hang up).
 * - `no_answer`: not answered, busy, or the call ended without a key — a voicemail picks up and no one
 *   presses anything, which a provider cannot tell from a person hanging up. The login flow then calls
 *   the secondary number (seed 002).
 * - `failed`: the provider could not place the call.
 */
export const CALL_STATUSES = ['ringing', 'confirmed', 'hung_up', 'no_answer', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * Texts and verification calls. The login flow places a call to the primary number, polls callStatus
 * until it is no longer `ringing`, and on `no_answer` calls the secondary number. Implementations: a
 * Twilio-compatible API (twilio/twilioPhoneProvider.ts), the development outbox, and one that says
 * phones are not set up. Every method throws a DeliveryError on failure.
 */
export interface PhoneProvider {
  sendSms(toE164: string, body: string): Promise<{ id: string }>;
  placeVerificationCall(toE164: string, options: VerificationCallOptions): Promise<{ id: string }>;
  callStatus(id: string): Promise<CallStatus>;
}
