import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { apiError } from './apiError.js';

/**
 * Every failure leaves as an ApiError. Request-validation failures say which field; client errors
 * Fastify raises itself (bad JSON, body too large) keep their status and message; anything else is a 500
 * with a reference id, and only the log line gets the details.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(apiError('NotFound', 'There is nothing at this address.')));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      // e.g. "body.username: Too small" — the part of the request and the field within it.
      const field = [error.validationContext, first?.instancePath.slice(1).replaceAll('/', '.')].filter(Boolean).join('.');
      const where = field ? `${field}: ` : '';
      return reply.code(400).send(apiError('InvalidInput', `${where}${first?.message ?? 'The request is not valid.'}`));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(apiError(status === 404 ? 'NotFound' : 'InvalidInput', error.message));
    }
    request.log.error({ err: error }, 'unexpected failure');
    return reply
      .code(500)
      .send(apiError('Internal', `Something went wrong on the server. Quote reference ${request.id} when you report it.`, request.id));
  });
}
