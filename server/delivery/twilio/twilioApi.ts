import { z } from 'zod';
import type { TwilioSettings } from '../deliveryConfig.js';
import { DeliveryError, type DeliveryChannel } from '../deliveryError.js';

export const DEFAULT_TWILIO_TIMEOUT_MS = 15_000;

const TwilioErrorSchema = z.object({ code: z.number().nullish(), message: z.string().nullish() });

// Twilio's error codes that mean "this number cannot receive it" rather than "your request is wrong":
// invalid To (21211), not a mobile number (21614), opted out (21610), region not enabled (21408),
// invalid or unreachable number for a call (13223, 13224, 21215, 21217).
const RECIPIENT_ERROR_CODES = new Set([21211, 21614, 21610, 21408, 13223, 13224, 21215, 21217]);

/**
 * One call to the Twilio REST API (2010-04-01): form-encoded body, HTTP Basic with the account SID and
 * auth token, JSON back, checked against `schema`. Every failure is a DeliveryError whose message names
 * the setting to check; the token never appears in one (it travels only in the Authorization header).
 */
export async function twilioRequest<T>(
  settings: TwilioSettings,
  request: { channel: DeliveryChannel; method: 'GET' | 'POST'; resource: string; form?: Record<string, string>; timeoutMs: number },
  schema: z.ZodType<T>,
): Promise<T> {
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/${request.resource}`;
  const where = `The phone provider at ${new URL(settings.baseUrl).host}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken.reveal()}`).toString('base64')}`,
        accept: 'application/json',
        ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(request.form ? { body: new URLSearchParams(request.form).toString() } : {}),
      redirect: 'error',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const what = timedOut ? `did not answer within ${Math.round(request.timeoutMs / 1000)} s` : 'could not be reached';
    throw new DeliveryError(request.channel, 'unreachable', `${where} ${what}. Check TWILIO_BASE_URL and the network.`);
  }

  const text = await response.text().catch(() => '');
  const json = parseJson(text);
  if (!response.ok) throw httpError(request.channel, where, response.status, json, settings);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new DeliveryError(request.channel, 'provider', `${where} gave an answer this service does not understand (HTTP ${response.status}). Check TWILIO_BASE_URL.`, response.status);
  }
  return parsed.data;
}

function httpError(channel: DeliveryChannel, where: string, status: number, json: unknown, settings: TwilioSettings): DeliveryError {
  const body = TwilioErrorSchema.safeParse(json);
  const code = body.success ? (body.data.code ?? null) : null;
  const said = body.success && body.data.message ? ` It said: "${scrub(body.data.message, settings)}"${code !== null ? ` (error ${code})` : ''}.` : '';
  if (status === 401 || status === 403) {
    return new DeliveryError(channel, 'credentials', `${where} refused the account SID or auth token (HTTP ${status}). Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.${said}`, status);
  }
  if (code !== null && RECIPIENT_ERROR_CODES.has(code)) {
    return new DeliveryError(channel, 'recipient', `${where} cannot reach this number (HTTP ${status}).${said}`, status);
  }
  if (status >= 400 && status < 500 && status !== 429) {
    return new DeliveryError(channel, 'refused', `${where} refused the request (HTTP ${status}).${said}`, status);
  }
  return new DeliveryError(channel, 'provider', `${where} failed to handle the request (HTTP ${status}); try again shortly.${said}`, status);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Provider messages are quoted for the operator; should one ever echo the token, it goes no further. */
function scrub(message: string, settings: TwilioSettings): string {
  return message.replace(/[\r\n]+/g, ' ').slice(0, 300).split(settings.authToken.reveal()).join('[redacted]');
}
