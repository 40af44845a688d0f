import type { z } from 'zod';

export type DeliveryChannel = 'email' | 'sms' | 'voice';

/**
 * Why a message did not leave. `invalid`: the message itself is wrong (no valid address or number, an
 * empty text), a mistake in the calling flow; `not_configured`: this service has no way to send on the channel;
 * `credentials`: the provider refused our user name, password or token; `recipient`: the provider refused
 * the address or number; `refused`: it refused the message for another reason; `unreachable`: no answer
 * in time, or no connection; `provider`: anything else the provider said (an unexpected answer, a 5xx).
 */
export type DeliveryFailure = 'invalid' | 'not_configured' | 'credentials' | 'recipient' | 'refused' | 'unreachable' | 'provider';

/**
 * A message that could not be sent or a call whose state could not be read. The message is for the
 * person running the service: it names the setting to check and never holds a password, a token or the
 * message body (which may hold a code).
 */
export class DeliveryError extends Error {
  constructor(
    readonly channel: DeliveryChannel,
    readonly failure: DeliveryFailure,
    message: string,
    /** The provider's own status or error code, when it gave one (SMTP reply code, HTTP status). */
    readonly providerStatus: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Checks what a flow hands to a sender; a bad value becomes an `invalid` DeliveryError naming the problem, not the value. */
export function validDeliveryInput<T>(schema: z.ZodType<T>, value: unknown, channel: DeliveryChannel): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DeliveryError(channel, 'invalid', result.error.issues[0]?.message ?? 'The message is not valid.');
}
