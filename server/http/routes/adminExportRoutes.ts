import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditAdminAction } from '../../admin/adminAudit.js';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { ADMIN_EVENTS } from '../../admin/adminEvents.js';
import { scopedAuditSearch } from '../../admin/audit/scopedAuditSearch.js';
import { auditCsv, usersCsv } from '../../admin/csv/csvExports.js';
import type { AdminCaller } from '../../admin/scope/adminCaller.js';
import { scopedUserSearch } from '../../admin/users/scopedUserSearch.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuditQuerySchema, AuthHeadersSchema, INPUT_ERRORS, UserListQuerySchema } from './adminSchemas.js';

const CsvSchema = z.string().meta({ description: 'RFC 4180 CSV, UTF-8 with a byte-order mark; cells that a spreadsheet would run as formulas start with an apostrophe.' });
const csvResponse = { 200: { description: 'The CSV file', content: { 'text/csv': { schema: CsvSchema } } }, ...INPUT_ERRORS, 404: AdminErrorSchema };

/**
 * Reports for the office (PRODUCT.md: "export a report"): the user list or the audit log as CSV, with
 * the same filters as their JSON routes, streamed page by page. An export carries personal data out of
 * the service, so it is audited like a change.
 */
export function adminExportRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/exports/users.csv',
      {
        schema: {
          summary: 'Export users as CSV',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          querystring: UserListQuerySchema.omit({ limit: true, cursor: true }),
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const search = await scopedUserSearch(deps.db, caller, request.query);
        await auditExport(deps, caller, ADMIN_EVENTS.usersExported, request.query.orgId, request.query);
        return sendCsv(reply, 'users', deps.now(), usersCsv(deps.db, search, deps.now));
      },
    );

    app.get(
      '/api/admin/exports/audit.csv',
      {
        schema: {
          summary: 'Export the audit log as CSV',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          querystring: AuditQuerySchema.omit({ limit: true, cursor: true }),
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const search = await scopedAuditSearch(deps.db, caller, request.query);
        await auditExport(deps, caller, ADMIN_EVENTS.auditExported, request.query.orgId, request.query);
        return sendCsv(reply, 'audit', deps.now(), auditCsv(deps.db, search));
      },
    );
  };
}

async function auditExport(deps: AdminDeps, caller: AdminCaller, event: typeof ADMIN_EVENTS.usersExported | typeof ADMIN_EVENTS.auditExported, orgId: string | undefined, filters: object): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute((trx) => auditAdminAction(trx, caller, { event, orgId: orgId ?? caller.orgIds[0] ?? null, details: { filters } }, now));
}

function sendCsv(reply: FastifyReply, what: string, now: Date, lines: AsyncGenerator<string>): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="twofold-${what}-${now.toISOString().slice(0, 10)}.csv"`)
    .send(Readable.from(lines));
}
