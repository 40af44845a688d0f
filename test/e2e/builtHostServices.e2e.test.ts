import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMigrationUri } from '../../main/services/migration/encodeMigrationUri.js';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost.js';
import { hasSecretService } from '../support/realServices.js';

// The built host's services run from dist/host/servicesWorker.cjs on a worker thread, with protobufjs
// left in node_modules for the one request that needs it. The browser tests never paste an export link,
// so this drives the built host over its HTTP bridge directly: the lazily loaded part must load too.
const available = hasSecretService();

describe.skipIf(!available)('the built browser host’s services thread', () => {
  let host: RunningHost;
  let token: string;

  beforeAll(async () => {
    host = await startBrowserHost();
    const page = await (await fetch(host.url)).text();
    token = /name="twofold-host-token" content="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
  });
  afterAll(async () => {
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  const call = async (channel: string, body: unknown) => {
    const res = await fetch(`${host.url}__twofold/ipc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twofold-token': token }, body: JSON.stringify(body) });
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  };

  it('answers the first screen, then adds every account of a Google Authenticator export link', async () => {
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(await call('app:bootstrap', {})).toMatchObject({ ok: true, value: { status: { state: 'ready' }, accounts: [] } });
    const secret = () => Uint8Array.from(randomBytes(20));
    const link = encodeMigrationUri(
      [
        { issuer: 'Riverside Portal', accountName: 'ana@clinic.example', secret: secret(), params: { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 } },
        { issuer: 'Lab Results', accountName: 'ana', secret: secret(), params: { kind: 'totp', algorithm: 'SHA256', digits: 8, period: 30, counter: 0 } },
      ],
      { index: 1, size: 2, id: 7 },
    );
    const added = await call('accounts:addFromLink', { link });
    expect(added).toMatchObject({ ok: true, value: { batch: { part: 2, of: 2 }, added: [{ issuer: 'Riverside Portal' }, { issuer: 'Lab Results' }] } });
    expect(await call('accounts:list', {})).toMatchObject({ ok: true, value: { accounts: [{ accountName: 'ana@clinic.example' }, { accountName: 'ana' }] } });
  });

  it('answers a malformed request in plain words', async () => {
    expect(await call('accounts:addFromLink', { link: 'otpauth-migration://offline?data=%%%' })).toMatchObject({ ok: false, error: { code: 'InvalidUri' } });
    expect(await call('no:such', {})).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});
