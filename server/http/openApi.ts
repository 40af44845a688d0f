import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

/**
 * The OpenAPI 3.1 document is generated from the same zod schemas that validate requests and type the
 * handlers (docs/decisions/005), so it cannot drift from what the routes accept. Must be registered
 * before the routes it describes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Twofold portal MFA service',
        version: API_VERSION,
        description: 'Second-factor registration and verification for provider portals, and the admin API behind the provider-admin view.',
      },
      tags: [{ name: 'operations', description: 'Health and service description' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
}

/** GET /openapi.json: the document itself, left out of its own listing. */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
