import { sql, type Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';

const HealthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']) })
  .meta({ id: 'Health', description: '`ok` when the service can reach its database.' });

/**
 * GET /healthz for load balancers: 200 when this instance can reach the database, 503 otherwise, so a
 * balancer stops sending traffic to an instance that has lost PostgreSQL.
 */
export function healthRoutes(db: Kysely<Database>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Health check',
          tags: ['operations'],
          response: { 200: HealthSchema, 503: HealthSchema },
        },
      },
      async (request, reply) => {
        try {
          await sql`select 1`.execute(db);
          return { status: 'ok' as const };
        } catch (error) {
          request.log.warn({ err: error }, 'health check: database unreachable');
          return reply.code(503).send({ status: 'unavailable' as const });
        }
      },
    );
  };
}
