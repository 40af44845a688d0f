import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { ServerConfig } from '../config/serverConfig.js';
import type { TrustProxy } from '../config/trustProxy.js';
import type { Database } from '../db/schema.js';
import type { SignInDeps } from '../auth/signInContext.js';
import { registerErrorHandling } from './errorHandling.js';
import { errorForLog } from './errorForLog.js';
import { registerOpenApi, registerOpenApiRoute } from './openApi.js';
import type { AdminDeps } from '../admin/adminDeps.js';
import { adminRoutes } from './routes/adminRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { signInRoutes } from './routes/signInRoutes.js';
import { registerSecurityHeaders } from './securityHeaders.js';

/** What the HTTP layer needs from the rest of the service; tests hand in their own. */
export interface ServerDeps {
  db: Kysely<Database>;
  /** PEM certificate and key, read by the caller from config.tls; null serves plain HTTP. */
  tlsCredentials: { cert: Buffer; key: Buffer } | null;
  /** Routes of the chosen delivery (selectDelivery(): the development outbox, the phone provider's callback). */
  deliveryRoutes?: FastifyPluginAsync | null;
  /** The admin API under /api/admin (createAdminDeps()); left out, those addresses answer 404. */
  admin?: AdminDeps | null;
  /** Sign-in (pages under /login, API under /api/auth); left out, those addresses answer 404. */
  signIn?: SignInDeps | null;
}

export type PortalServer = FastifyInstance;

// Requests are small JSON bodies and form posts; a larger body is a mistake or an attack.
const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the Fastify app (not yet listening): security headers, error shape, OpenAPI document and routes.
 * Holds no state of its own between requests, so any number of instances can serve one database.
 */
export async function buildServer(config: ServerConfig, deps: ServerDeps): Promise<PortalServer> {
  const { tlsCredentials } = deps;
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    trustProxy: fastifyTrustProxy(config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    // Log lines carry the id as `ref`, the same word error answers use, so a reported reference finds its line.
    logController: new LogController({ requestIdLogLabel: 'ref' }),
    // One factory for both: Fastify's request.protocol then reads the socket's TLS state.
    serverFactory: (handler) => (tlsCredentials ? https.createServer(tlsCredentials, handler) : http.createServer(handler)),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerSecurityHeaders(app);
  registerErrorHandling(app);
  await registerOpenApi(app);

  await app.register(healthRoutes(deps.db));
  if (deps.deliveryRoutes) await app.register(deps.deliveryRoutes);
  if (deps.admin) await app.register(adminRoutes(deps.admin));
  if (deps.signIn) await app.register(signInRoutes(deps.signIn));
  registerOpenApiRoute(app);

  await app.ready();
  return app;
}

/** Fastify's types take a hop count only as a function: trust the nearest `hops` proxies. */
function fastifyTrustProxy(trustProxy: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  if (typeof trustProxy === 'boolean') return trustProxy;
  return [...trustProxy];
}

/**
 * Request logs keep the method, the path and the client address, never the query string (registration
 * and reset links carry tokens there) nor headers (cookies, bearer tokens); errors keep no message.
 */
export function loggerOptions(logLevel: ServerConfig['logLevel']): FastifyServerOptions['logger'] {
  if (logLevel === 'silent') return false;
  return {
    level: logLevel,
    serializers: {
      // Every `{ err }` in a log line: the error's class, code and frames, never its words (errorForLog.ts).
      err: (error: Error) => {
        const logged = errorForLog(error);
        return { ...logged, message: '(withheld: error messages can quote their input)', stack: logged.stack ?? '' };
      },
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
    redact: { paths: ['req.headers', 'headers', '*.password', '*.code', '*.token', '*.secret'], censor: '[redacted]' },
  };
}
