import { z } from 'zod';
import type { TwilioSettings } from '../deliveryConfig.js';
import { DeliveryError, validDeliveryInput } from '../deliveryError.js';
import { E164Schema, SmsBodySchema, VerificationCallOptionsSchema, type CallStatus, type PhoneProvider, type VerificationCallOptions } from '../phoneProvider.js';
import type { CallKeyStore } from './callKeyStore.js';
import { DEFAULT_TWILIO_TIMEOUT_MS, twilioRequest } from './twilioApi.js';
import { gatherActionUrl, verificationTwiml } from './verificationTwiml.js';

const CreatedSchema = z.object({ sid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

// https://www.twilio.com/docs/voice/api/call-resource#call-status-values
const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
const CallResourceSchema = z.object({ sid: z.string(), status: z.enum(TWILIO_CALL_STATUSES) });
type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

const CallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'The call id is not one this provider gave out.');

/**
 * Texts and verification calls through a Twilio-compatible REST API.
 *
 * How `#` is learned: the call's inline TwiML gathers one key and posts it to this service's callback
 * (twilioGatherRoutes.ts, at TWILIO_CALLBACK_URL), which stores it in the database. callStatus reads that
 * first, and otherwise asks the provider for the call's status — at most once a second per call, however
 * often the waiting page (or anyone holding its cookie) polls, on any instance. Polling the call alone
 * cannot work: the Call resource says whether a call was answered and ended, never which key was pressed.
 */
export function twilioPhoneProvider(settings: TwilioSettings, keys: CallKeyStore, timeoutMs = DEFAULT_TWILIO_TIMEOUT_MS): PhoneProvider {
  const pressedKeyStatus = async (callId: string): Promise<CallStatus | null> => {
    const key = await keys.pressedKey(callId);
    if (key === null) return null;
    return key === '#' ? 'confirmed' : 'hung_up';
  };

  return {
    async sendSms(toE164: string, body: string) {
      const form = { To: validDeliveryInput(E164Schema, toE164, 'sms'), From: settings.from, Body: validDeliveryInput(SmsBodySchema, body, 'sms') };
      const created = await twilioRequest(settings, { channel: 'sms', method: 'POST', resource: 'Messages.json', form, timeoutMs }, CreatedSchema);
      return { id: created.sid };
    },

    async placeVerificationCall(toE164: string, options: VerificationCallOptions) {
      const o = validDeliveryInput(VerificationCallOptionsSchema, options, 'voice');
      const form = {
        To: validDeliveryInput(E164Schema, toE164, 'voice'),
        From: settings.from,
        Twiml: verificationTwiml(o.message, gatherActionUrl(settings.callbackUrl)),
        // Seconds the phone rings before Twilio gives up with status no-answer.
        Timeout: String(o.ringSeconds),
      };
      const created = await twilioRequest(settings, { channel: 'voice', method: 'POST', resource: 'Calls.json', form, timeoutMs }, CreatedSchema);
      return { id: created.sid };
    },

    async callStatus(id: string): Promise<CallStatus> {
      const callId = validDeliveryInput(CallIdSchema, id, 'voice');
      const decided = await pressedKeyStatus(callId);
      if (decided) return decided;
      // Asked again within the second (a page polling too fast, several tabs): still going, as far as known.
      if (!(await keys.claimProviderCheck(callId))) return 'ringing';
      const call = await twilioRequest(settings, { channel: 'voice', method: 'GET', resource: `Calls/${encodeURIComponent(callId)}.json`, timeoutMs }, CallResourceSchema);
      if (call.sid !== callId) throw new DeliveryError('voice', 'provider', 'The phone provider answered about a different call. Check TWILIO_BASE_URL.');
      // The key's callback finishes before the call can complete, so a completed call's key is stored by now.
      if (call.status === 'completed') return (await pressedKeyStatus(callId)) ?? 'no_answer';
      return statusOf(call.status);
    },
  };
}

function statusOf(status: Exclude<TwilioCallStatus, 'completed'>): CallStatus {
  switch (status) {
    case 'queued':
    case 'initiated':
    case 'ringing':
    case 'in-progress':
      return 'ringing';
    case 'busy':
    case 'no-answer':
    case 'canceled':
      return 'no_answer';
    case 'failed':
      return 'failed';
  }
}
