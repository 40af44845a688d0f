// The load generator's HTTP/1.1 client: keep-alive sockets, one request in flight per socket, requests
// written as prepared bytes and answers parsed only as far as the status and the body. node:http's client
// costs about as much CPU per request as a lean service answering it, and here both share two cores, so
// a heavy client would measure itself. Loopback only; it speaks just what the service answers with
// (Content-Length bodies; chunked ones are read too, for error pages).
import net from 'node:net';

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  /** 0 when the connection failed. */
  status: number;
  body: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');

function encode(host: string, r: RawRequest): Buffer {
  const body = r.body === undefined ? null : Buffer.from(r.body);
  let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [k, v] of Object.entries(r.headers ?? {})) head += `${k}: ${v}\r\n`;
  if (body) head += `content-type: application/json\r\ncontent-length: ${body.length}\r\n`;
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

/** One keep-alive connection; reconnects when the service closes it. */
class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private answer: ((r: RawResponse) => void) | null = null;

  constructor(
    private readonly port: number,
    private readonly hostname: string,
  ) {}

  send(bytes: Buffer): Promise<RawResponse> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.connected().write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.buffer = Buffer.alloc(0);
  }

  private connected(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect(this.port, this.hostname);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    const lost = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.buffer = Buffer.alloc(0);
      this.finish({ status: 0, body: '' });
    };
    socket.on('error', lost);
    socket.on('close', lost);
    this.socket = socket;
    return socket;
  }

  private finish(r: RawResponse) {
    const answer = this.answer;
    this.answer = null;
    answer?.(r);
  }

  private parse() {
    const end = this.buffer.indexOf(CRLF2);
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const start = end + 4;
    let body: Buffer;
    let rest: Buffer;
    if (length) {
      const size = Number(length[1]);
      if (this.buffer.length < start + size) return;
      body = this.buffer.subarray(start, start + size);
      rest = this.buffer.subarray(start + size);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parsed = dechunk(this.buffer, start);
      if (parsed === 'malformed') {
        this.finish({ status: 0, body: '' });
        this.close();
        return;
      }
      if (!parsed) return;
      ({ body, rest } = parsed);
    } else {
      body = Buffer.alloc(0);
      rest = this.buffer.subarray(start);
    }
    this.buffer = rest.length ? Buffer.from(rest) : Buffer.alloc(0);
    const closing = /\r\nconnection:\s*close/i.test(head);
    this.finish({ status, body: body.toString('utf8') });
    if (closing) this.close();
  }
}

/** The body of a chunked answer; null while it is still arriving; 'malformed' for a bad size line. */
function dechunk(buffer: Buffer, from: number): { body: Buffer; rest: Buffer } | null | 'malformed' {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const sizeText = buffer.toString('latin1', at, lineEnd).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return 'malformed';
    const size = parseInt(sizeText, 16);
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    if (size === 0) return { body: Buffer.concat(parts), rest: buffer.subarray(lineEnd + 4) };
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * `connections` sockets spread over `urls`; requests go round-robin over the urls and wait in a FIFO for
 * a free socket of theirs (as an http.Agent with maxSockets does), so queueing shows in the latency.
 */
export function rawHttpClient(urls: readonly string[], connections: number) {
  const targets = urls.map((u, i) => {
    const url = new URL(u);
    const count = Math.max(1, Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0));
    return {
      host: url.host,
      free: Array.from({ length: count }, () => new Connection(Number(url.port), url.hostname)),
      all: [] as Connection[],
      queue: [] as Array<{ bytes: Buffer; resolve: (r: RawResponse) => void }>,
    };
  });
  for (const t of targets) t.all = [...t.free];
  let turn = 0;

  const run = (t: (typeof targets)[number], c: Connection, bytes: Buffer, resolve: (r: RawResponse) => void) => {
    void c.send(bytes).then((r) => {
      resolve(r);
      const next = t.queue.shift();
      if (next) run(t, c, next.bytes, next.resolve);
      else t.free.push(c);
    });
  };

  return {
    fire(r: RawRequest): Promise<RawResponse> {
      const t = targets[turn++ % targets.length]!;
      const bytes = encode(t.host, r);
      return new Promise((resolve) => {
        const c = t.free.pop();
        if (c) run(t, c, bytes, resolve);
        else t.queue.push({ bytes, resolve });
      });
    },
    close() {
      for (const t of targets) for (const c of t.all) c.close();
    },
  };
}
