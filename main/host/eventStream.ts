import type { ServerResponse } from 'node:http';

/** Server-sent events to every open page: how the browser host pushes what Electron sends over IPC. */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  get size(): number {
    return this.clients.size;
  }

  send(data: unknown): void {
    const frame = `data: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
