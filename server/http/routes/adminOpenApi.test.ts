import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const [sqlite] = await testDialects();

describe('the admin API in /openapi.json', () => {
  let world: AdminWorld;
  beforeAll(async () => {
    world = await startAdminWorld(sqlite!);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is a valid OpenAPI 3.1 document with every admin route, its schemas and the CSV responses', async () => {
    const doc = (await world.call({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[]; parameters?: Array<{ name: string; in: string }>; responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    const adminPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/admin'));
    expect(adminPaths).toHaveLength(20);
    expect(Object.keys(doc.paths['/api/admin/organizations/{orgId}/registration-codes'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.components.schemas).toHaveProperty('NewProviderRegistrationCode');
    expect(Object.keys(doc.paths['/api/admin/users/{userId}/mfa-reset'] ?? {})).toEqual(['post']);
    expect(doc.components.schemas).toHaveProperty('AdminUserSummary');
    expect(doc.components.schemas).toHaveProperty('AdminApiError');
    expect(doc.components.schemas).toHaveProperty('MfaPolicy');
    const exportOp = doc.paths['/api/admin/exports/users.csv']?.get;
    expect(Object.keys(exportOp?.responses['200']?.content ?? {})).toEqual(['text/csv']);
    // Every route but sign-in documents the bearer header it needs.
    const get = doc.paths['/api/admin/users']?.get;
    expect(get?.parameters?.find((p) => p.name === 'authorization')).toMatchObject({ in: 'header' });
  });
});
