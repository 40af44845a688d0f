import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { decodeAuditCursor, encodeAuditCursor } from '../../admin/audit/auditCursor.js';
import { searchAudit } from '../../admin/audit/auditQuery.js';
import { scopedAuditSearch } from '../../admin/audit/scopedAuditSearch.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuditPageSchema, AuditQuerySchema, AuthHeadersSchema, INPUT_ERRORS } from './adminSchemas.js';

/** The audit log as far as the caller may read it: lines about their organizations and their people, newest first. */
export function adminAuditRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/audit',
      {
        schema: {
          summary: 'Query the audit log',
          description: 'Newest first, filtered by organization, user (as actor or subject), event and time range; keyset paging with `cursor`.',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          querystring: AuditQuerySchema,
          response: { 200: AuditPageSchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => {
        const { limit, cursor, ...filters } = request.query;
        const search = await scopedAuditSearch(deps.db, callerOf(request), filters);
        const page = await searchAudit(deps.db, { ...search, limit, after: cursor ? decodeAuditCursor(cursor) : undefined });
        return { entries: page.entries, nextCursor: page.next ? encodeAuditCursor(page.next) : null };
      },
    );
  };
}
