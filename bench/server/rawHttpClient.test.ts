import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHttpClient } from './rawHttpClient.js';

// The benchmark's numbers are only as good as its client's reading of the answers.
let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the load generator’s HTTP client', () => {
  it('sends method, path, headers and body, and reads status and body (sized and chunked)', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const echo = JSON.stringify({ method: req.method, path: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body });
        if (req.url === '/chunked') {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.write(echo.slice(0, 10));
          res.end(echo.slice(10));
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(echo) });
          res.end(echo);
        }
      });
    });
    const client = rawHttpClient([url], 2);
    const sized = await client.fire({ method: 'POST', path: '/verify', headers: { authorization: 'Bearer t' }, body: '{"code":"123 456","name":"Zoë"}' });
    expect(sized.status).toBe(200);
    expect(JSON.parse(sized.body)).toEqual({ method: 'POST', path: '/verify', auth: 'Bearer t', type: 'application/json', body: '{"code":"123 456","name":"Zoë"}' });
    const chunked = await client.fire({ method: 'GET', path: '/chunked' });
    expect(chunked.status).toBe(201);
    expect(JSON.parse(chunked.body)).toMatchObject({ method: 'GET', path: '/chunked' });
    client.close();
  });

  it('keeps one request in flight per connection, queues the rest in order, and reconnects after a close', async () => {
    let inFlight = 0;
    let most = 0;
    const url = await serve((req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        // Two of the answers close their connection, as a service shedding connections would.
        const close = req.url!.endsWith('/2') || req.url!.endsWith('/5');
        res.writeHead(200, { 'content-length': req.url!.length, ...(close ? { connection: 'close' } : {}) });
        res.end(req.url);
      }, 5);
    });
    const client = rawHttpClient([url], 2);
    const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => client.fire({ method: 'GET', path: `/n/${i}` })));
    expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 9 }, (_, i) => `/n/${i}`));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(most).toBe(2);
    client.close();
  });

  it('reads answers that arrive a few bytes at a time, and gives up on a malformed chunk size', async () => {
    const server2 = net.createServer((socket) => {
      let seen = '';
      socket.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        const bad = seen.startsWith('GET /bad');
        seen = '';
        const answer = bad
          ? 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'
          : 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n';
        // Three bytes per write, a little apart: heads and chunk lines split anywhere.
        let i = 0;
        const drip = () => {
          if (i >= answer.length) return;
          socket.write(answer.slice(i, (i += 3)));
          setTimeout(drip, 1);
        };
        drip();
      });
    });
    await new Promise<void>((resolve) => server2.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
    const client = rawHttpClient([url], 1);
    expect(await client.fire({ method: 'GET', path: '/drip' })).toEqual({ status: 200, body: 'hello world' });
    expect(await client.fire({ method: 'GET', path: '/drip' })).toEqual({ status: 200, body: 'hello world' });
    expect(await client.fire({ method: 'GET', path: '/bad' })).toEqual({ status: 0, body: '' });
    // The connection that failed is replaced: the next request is read cleanly.
    expect(await client.fire({ method: 'GET', path: '/drip' })).toEqual({ status: 200, body: 'hello world' });
    client.close();
    await new Promise<void>((resolve) => server2.close(() => resolve()));
  });

  it('answers status 0 when nothing listens', async () => {
    const url = await serve(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const client = rawHttpClient([url], 1);
    expect(await client.fire({ method: 'GET', path: '/' })).toEqual({ status: 0, body: '' });
    client.close();
  });
});
