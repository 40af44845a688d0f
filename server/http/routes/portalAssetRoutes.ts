import type { FastifyPluginAsync } from 'fastify';
import { CALL_WAIT_JS } from '../../pages/callWaitScript.js';
import { CALL_WAIT_SCRIPT_PATH, STYLESHEET_PATH } from '../../pages/pageLayout.js';
import { PORTAL_CSS } from '../../pages/portalStylesheet.js';

/**
 * The pages' stylesheet and script, from constants bundled with the service (there is no asset folder
 * next to dist/server/main.js). Cached for an hour: they hold nothing personal.
 */
export const portalAssetRoutes: FastifyPluginAsync = async (app) => {
  const asset = (path: string, type: string, body: string) =>
    app.get(path, { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type(type).send(body));
  asset(STYLESHEET_PATH, 'text/css; charset=utf-8', PORTAL_CSS);
  asset(CALL_WAIT_SCRIPT_PATH, 'text/javascript; charset=utf-8', CALL_WAIT_JS);
};
