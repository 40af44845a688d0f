import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/serverConfig.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../db/openDatabase.js';
import { buildServer, type PortalServer } from './buildServer.js';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

async function start(env: Record<string, string> = {}): Promise<{ app: PortalServer; database: OpenDatabase }> {
  const config = loadServerConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...env }, process.cwd());
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.dialect);
  return { app: await buildServer(config, { db: database.db, tlsCredentials: null }), database };
}

describe('the HTTP server', () => {
  let app: PortalServer;
  let database: OpenDatabase;
  beforeEach(async () => {
    ({ app, database } = await start());
  });
  afterEach(async () => {
    await app.close();
    await database.close().catch(() => {});
  });

  it('answers /healthz with ok while the database answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 503 once the database is gone, so a balancer moves on', async () => {
    await database.close();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
  });

  it('sends the security headers on every answer, errors included', async () => {
    for (const url of ['/healthz', '/openapi.json', '/no/such/page']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers, url).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('sends no HSTS over plain HTTP, and ignores X-Forwarded-Proto from a proxy it was not told to trust', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('answers an unknown address with the JSON error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NotFound', message: 'There is nothing at this address.' } });
  });

  it('serves a valid OpenAPI 3.1 document that lists its routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/healthz'] ?? {})).toEqual(['get']);
    expect(document.paths['/openapi.json']).toBeUndefined();
  });
});

describe('the HTTP server behind a TLS-terminating proxy', () => {
  it('sends HSTS when the trusted proxy says the client used HTTPS', async () => {
    const { app, database } = await start({ TRUST_PROXY: '127.0.0.1' });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
