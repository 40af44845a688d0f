import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { devOutboxRoutes } from '../http/routes/devOutboxRoutes.js';
import type { DeliverySettings } from './deliveryConfig.js';
import type { EmailSender } from './emailSender.js';
import { outboxEmailSender, outboxPhoneProvider } from './outbox/outboxSenders.js';
import { OutboxStore } from './outbox/outboxStore.js';
import type { PhoneProvider } from './phoneProvider.js';
import { unconfiguredEmailSender, unconfiguredPhoneProvider } from './unconfiguredDelivery.js';
import { smtpEmailSender } from './smtp/smtpEmailSender.js';
import { CallKeyStore } from './twilio/callKeyStore.js';
import { twilioGatherRoutes } from './twilio/twilioGatherRoutes.js';
import { twilioPhoneProvider } from './twilio/twilioPhoneProvider.js';

export interface Delivery {
  email: EmailSender;
  phone: PhoneProvider;
  /** The outbox's table, when DEV_OUTBOX is on. */
  outbox: OutboxStore | null;
  /** HTTP routes this choice needs (the outbox page and API, the provider's key-press callback), for buildServer's `deliveryRoutes`. */
  routes: FastifyPluginAsync | null;
  /** Lines for the person starting the service: where email, texts and calls go. No secret in them. */
  summary: string[];
}

/**
 * Builds the senders the configuration chose (deliveryConfig.ts): SMTP or the outbox for email, the
 * Twilio-compatible API or the outbox for texts and calls, or senders that say the channel is not set up.
 */
export function selectDelivery(config: { delivery: DeliverySettings }, db: Kysely<Database>, now: () => Date = () => new Date()): Delivery {
  const settings = config.delivery;
  const outbox = settings.devOutbox.enabled ? new OutboxStore(db, now) : null;
  const plugins: FastifyPluginAsync[] = [];
  const summary: string[] = [];

  let email: EmailSender;
  if (settings.email.kind === 'smtp') {
    const smtp = settings.email.smtp;
    email = smtpEmailSender(smtp);
    summary.push(`Email: SMTP ${smtp.host}:${smtp.port}${smtp.secure ? ' (TLS)' : smtp.requireTls ? ' (STARTTLS required)' : ''}, from ${smtp.from}`);
  } else if (settings.email.kind === 'outbox' && outbox) {
    email = outboxEmailSender(outbox);
    summary.push('Email: kept in the development outbox, not sent');
  } else {
    email = unconfiguredEmailSender;
    summary.push('Email: not set up (SMTP_URL, MAIL_FROM)');
  }

  let phone: PhoneProvider;
  if (settings.phone.kind === 'twilio') {
    const twilio = settings.phone.twilio;
    const keys = new CallKeyStore(db, now);
    phone = twilioPhoneProvider(twilio, keys);
    plugins.push(twilioGatherRoutes(twilio, keys));
    summary.push(`Texts and calls: ${new URL(twilio.baseUrl).host} from ${twilio.from}, key presses reported to ${twilio.callbackUrl}`);
  } else if (settings.phone.kind === 'outbox' && outbox) {
    phone = outboxPhoneProvider(outbox);
    summary.push('Texts and calls: kept in the development outbox, not sent');
  } else {
    phone = unconfiguredPhoneProvider;
    summary.push('Texts and calls: not set up (TWILIO_ settings)');
  }

  if (outbox) {
    plugins.push(devOutboxRoutes(outbox, { allowRemote: settings.devOutbox.allowRemote }));
    summary.push('Development outbox: /dev/outbox (holds codes; development only)');
  }

  return { email, phone, outbox, routes: plugins.length === 0 ? null : combine(plugins), summary };
}

function combine(plugins: readonly FastifyPluginAsync[]): FastifyPluginAsync {
  return async (app) => {
    for (const plugin of plugins) await app.register(plugin);
  };
}
