// Test-only: every route the app serves, read from Fastify's own router, so a test that must cover
// "every admin route" cannot miss one that was added later. Never imported by the service.
import type { FastifyInstance } from 'fastify';

/**
 * `METHOD /path` for each route, from printRoutes({ commonPrefix: false }), whose tree lines look like
 * `│   ├── /:orgId/policy (GET, HEAD, PUT)`: every four characters of indent are one level below the
 * line above. HEAD, which Fastify adds to each GET, is left out.
 */
export function listRoutes(app: FastifyInstance): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line.trimEnd());
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents[depth] = path;
    parents.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}
