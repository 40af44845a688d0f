import formBody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError } from '../../http/apiError.js';
import type { TwilioSettings } from '../deliveryConfig.js';
import type { CallKeyStore } from './callKeyStore.js';
import { isValidTwilioSignature } from './twilioSignature.js';
import { gatherActionUrl, gatherReplyTwiml, TWILIO_GATHER_PATH } from './verificationTwiml.js';

const GatherParamsSchema = z.object({
  AccountSid: z.string(),
  CallSid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  Digits: z.string().max(8).optional(),
});

/**
 * POST /api/delivery/twilio/gather: the provider reports the key pressed on a verification call.
 * Believed only with a valid X-Twilio-Signature over the URL we gave it (TWILIO_CALLBACK_URL + path, not
 * one rebuilt from Host headers, which a proxy may change) and only for our account.
 */
export function twilioGatherRoutes(settings: TwilioSettings, keys: CallKeyStore): FastifyPluginAsyncZod {
  const url = gatherActionUrl(settings.callbackUrl);
  return async (app) => {
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formBody);
    app.post(
      TWILIO_GATHER_PATH,
      {
        schema: {
          hide: true,
          body: z.record(z.string(), z.string()),
        },
      },
      async (request, reply) => {
        // No response schema: the answer is TwiML (XML) for the provider, not JSON.
        const params = request.body;
        const header = request.headers['x-twilio-signature'];
        const signature = typeof header === 'string' ? header : '';
        const gather = GatherParamsSchema.safeParse(params);
        if (!isValidTwilioSignature(settings.authToken.reveal(), url, params, signature) || !gather.success || gather.data.AccountSid !== settings.accountSid) {
          request.log.warn('phone provider callback refused: not signed for this account');
          return reply.code(403).send(apiError('InvalidInput', 'This request is not signed by the phone provider.'));
        }
        const key = gather.data.Digits ?? '';
        if (key !== '') await keys.record(gather.data.CallSid, key);
        return reply.type('text/xml').send(gatherReplyTwiml(key === '#'));
      },
    );
  };
}
