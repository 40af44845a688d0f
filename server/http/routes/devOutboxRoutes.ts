import formBody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OutboxStore } from '../../delivery/outbox/outboxStore.js';
import { devOutboxApiRoutes } from './devOutboxApiRoutes.js';
import { devOutboxGuard } from './devOutboxGuard.js';
import { devOutboxPageRoutes } from './devOutboxPageRoutes.js';

export interface DevOutboxRouteOptions {
  /** DEV_OUTBOX_ALLOW_REMOTE: answer at any Host name, not only this machine's. */
  allowRemote: boolean;
}

/**
 * The development outbox's page and API, in a scope of their own: the guard (devOutboxGuard.ts) and the
 * form-body parser apply to these routes only. Registered only when DEV_OUTBOX is on; otherwise every
 * address here answers 404 like any other unknown one.
 */
export function devOutboxRoutes(store: OutboxStore, options: DevOutboxRouteOptions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formBody);
    app.addHook('onRequest', devOutboxGuard(options));
    await app.register(devOutboxApiRoutes(store));
    await app.register(devOutboxPageRoutes(store));
  };
}
