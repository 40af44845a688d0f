import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OutboxMessageSchema } from '../../delivery/outbox/outboxMessage.js';
import type { AnswerOutcome, OutboxStore } from '../../delivery/outbox/outboxStore.js';
import { apiError, ApiErrorSchema, type ApiErrorBody } from '../apiError.js';

const OutboxListSchema = z
  .object({ messages: z.array(OutboxMessageSchema) })
  .meta({ id: 'OutboxList', description: 'What the service recorded instead of sending, newest first.' });

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  recipient: z.string().min(1).max(254).optional().meta({ description: 'Only messages to this email address or E.164 number.' }),
});

const CallParamsSchema = z.object({ id: z.string().min(1).max(64) });
const AnswerBodySchema = z
  .object({ key: z.string().regex(/^[0-9*#]$/, 'key must be one phone key: 0-9, * or #.') })
  .meta({ id: 'OutboxCallAnswer', description: '`#` confirms the sign-in; any other key ends the call unconfirmed.' });

const TAGS = ['development'];
const CALL_RESPONSES = { 200: OutboxMessageSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

/** The outbox as JSON, and answering its calls, for people and for tests that drive the login flows. */
export function devOutboxApiRoutes(store: OutboxStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/dev/outbox',
      { schema: { summary: 'Development outbox: recorded emails, texts and calls', tags: TAGS, querystring: ListQuerySchema, response: { 200: OutboxListSchema, 403: ApiErrorSchema } } },
      async (request) => ({ messages: await store.list({ limit: request.query.limit, recipient: request.query.recipient }) }),
    );

    app.post(
      '/api/dev/outbox/calls/:id/answer',
      { schema: { summary: 'Answer a ringing call and press a key', tags: TAGS, params: CallParamsSchema, body: AnswerBodySchema, response: CALL_RESPONSES } },
      async (request, reply) => {
        const outcome = await store.answerCall(request.params.id, request.body.key);
        if (outcome.ok) return outcome.message;
        return reply.code(outcome.reason === 'not_found' ? 404 : 409).send(outcomeError(outcome));
      },
    );

    app.post(
      '/api/dev/outbox/calls/:id/no-answer',
      { schema: { summary: 'Let a ringing call go unanswered', tags: TAGS, params: CallParamsSchema, response: CALL_RESPONSES } },
      async (request, reply) => {
        const outcome = await store.declineCall(request.params.id);
        if (outcome.ok) return outcome.message;
        return reply.code(outcome.reason === 'not_found' ? 404 : 409).send(outcomeError(outcome));
      },
    );
  };
}

function outcomeError(outcome: Exclude<AnswerOutcome, { ok: true }>): ApiErrorBody {
  if (outcome.reason === 'not_found') return apiError('NotFound', 'There is no call with this id in the outbox.');
  return apiError('InvalidInput', `This call has already ended (${outcome.message?.call?.state ?? 'ended'}).`);
}
