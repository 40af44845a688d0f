import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { scopedUserSearch } from '../../admin/users/scopedUserSearch.js';
import { decodeUserCursor, encodeUserCursor } from '../../admin/users/userCursor.js';
import { userDetail } from '../../admin/users/userDetail.js';
import { searchUsers } from '../../admin/users/userSearch.js';
import { summarizeUsers } from '../../admin/users/userSummaries.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuthHeadersSchema, INPUT_ERRORS, UserDetailSchema, UserListQuerySchema, UserListSchema, UserParamsSchema } from './adminSchemas.js';

/** Finding people: the list with its search, filters and sort, and one person's detail. */
export function adminUserRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/users',
      {
        schema: {
          summary: 'List and search users with their MFA state',
          description: 'Users of the organizations the caller manages, one page at a time (keyset paging: pass `nextCursor` back as `cursor`).',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          querystring: UserListQuerySchema,
          response: { 200: UserListSchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { limit, cursor, ...filters } = request.query;
        const search = await scopedUserSearch(deps.db, caller, filters);
        const after = cursor ? decodeUserCursor(cursor, filters.sort, filters.direction) : undefined;
        const now = deps.now();
        const page = await searchUsers(deps.db, { ...search, after, limit }, now);
        return {
          users: await summarizeUsers(deps.db, page.rows, caller.orgIds, now),
          nextCursor: page.next ? encodeUserCursor(filters.sort, filters.direction, page.next) : null,
        };
      },
    );

    app.get(
      '/api/admin/users/:userId',
      {
        schema: {
          summary: 'One user: MFA registrations, phases and recent security events',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: UserParamsSchema,
          response: { 200: UserDetailSchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => userDetail(deps.db, callerOf(request), request.params.userId, deps.now()),
    );
  };
}
