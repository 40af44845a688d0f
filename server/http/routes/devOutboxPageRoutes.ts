import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnswerOutcome, OutboxStore } from '../../delivery/outbox/outboxStore.js';
import { DEV_OUTBOX_PAGE_CSP, OUTBOX_NOTICES, renderOutboxPage, type OutboxNotice } from './devOutboxPage.js';

const PAGE_SIZE = 200;
const CallParamsSchema = z.object({ id: z.string().min(1).max(64) });
const PageQuerySchema = z.object({ notice: z.enum(Object.keys(OUTBOX_NOTICES) as [OutboxNotice, ...OutboxNotice[]]).optional().catch(undefined) });
const AnswerFormSchema = z.object({ key: z.string().regex(/^[0-9*#]$/, 'key must be one phone key: 0-9, * or #.') });

/**
 * GET /dev/outbox, the page, and the two forms of each ringing call on it. The forms post here and are
 * sent back to the page (303, Post/Redirect/Get), to the message they changed.
 */
export function devOutboxPageRoutes(store: OutboxStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/dev/outbox', { schema: { hide: true, querystring: PageQuerySchema } }, async (request, reply) => {
      const messages = await store.list({ limit: PAGE_SIZE });
      return reply
        .header('content-security-policy', DEV_OUTBOX_PAGE_CSP)
        .header('referrer-policy', 'same-origin')
        .type('text/html; charset=utf-8')
        .send(renderOutboxPage(messages, request.query.notice ?? null));
    });

    app.post('/dev/outbox/calls/:id/answer', { schema: { hide: true, params: CallParamsSchema, body: AnswerFormSchema } }, async (request, reply) =>
      reply.redirect(backToPage(request.params.id, await store.answerCall(request.params.id, request.body.key)), 303),
    );

    app.post('/dev/outbox/calls/:id/no-answer', { schema: { hide: true, params: CallParamsSchema } }, async (request, reply) =>
      reply.redirect(backToPage(request.params.id, await store.declineCall(request.params.id)), 303),
    );
  };
}

function backToPage(id: string, outcome: AnswerOutcome): string {
  if (outcome.ok) return `/dev/outbox#m-${encodeURIComponent(id)}`;
  return outcome.reason === 'not_found' ? '/dev/outbox?notice=call-missing' : `/dev/outbox?notice=call-ended#m-${encodeURIComponent(id)}`;
}
