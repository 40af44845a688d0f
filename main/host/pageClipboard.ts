import { randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors.js';
import type { ClipboardPort } from '../services/clipboard/clipboardGuard.js';
import type { EventStream } from './eventStream.js';

/** The page's answer to a clipboard request (validated by clipboardAckSchema.ts before it gets here). */
export interface ClipboardAck {
  id: string;
  ok: boolean;
}

/**
 * In the browser host the clipboard belongs to the page, so main asks the bridge to write or clear it
 * and waits for the page's answer. The guard's policy (clear after N s only if still ours) stays in
 * main, exactly as in Electron.
 */
export class PageClipboard implements ClipboardPort {
  private readonly waiting = new Map<string, (ok: boolean) => void>();

  constructor(
    private readonly events: EventStream,
    private readonly timeoutMs = 3000,
  ) {}

  async writeConcealed(text: string): Promise<void> {
    if (!(await this.ask({ op: 'write', text }))) {
      throw new AppError('Internal', 'The browser did not allow Twofold to use the clipboard. Click the page and try again.');
    }
  }

  clearIfHolds(text: string): Promise<boolean> {
    return this.ask({ op: 'clearIfHolds', text });
  }

  acknowledge(ack: ClipboardAck): void {
    this.waiting.get(ack.id)?.(ack.ok);
    this.waiting.delete(ack.id);
  }

  private ask(message: { op: 'write' | 'clearIfHolds'; text: string }): Promise<boolean> {
    if (this.events.size === 0) return Promise.resolve(false);
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(false);
      }, this.timeoutMs);
      this.waiting.set(id, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
      this.events.send({ kind: 'clipboard', id, ...message });
    });
  }
}
