/**
 * What a host must offer for copying codes. Electron writes the OS clipboard; the browser host forwards
 * to the page. `clearIfHolds` is one operation because only the host can read and clear atomically
 * enough: we must never wipe something the user copied after our code.
 */
export interface ClipboardPort {
  /** Write text, flagged so clipboard managers and cloud clipboards skip it where the OS has a convention. */
  writeConcealed(text: string): Promise<void>;
  clearIfHolds(text: string): Promise<boolean>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Copies a code and schedules its removal. Only the latest copy has a pending clear: copying a second
 * code cancels the first timer, since the clipboard no longer holds the first code anyway.
 */
export class ClipboardGuard {
  private pending: { handle: unknown; text: string } | null = null;

  constructor(
    private readonly port: ClipboardPort,
    private readonly onCleared: () => void = () => {},
    private readonly timers: Timers = realTimers,
  ) {}

  async copy(text: string, clearAfterSeconds: number): Promise<{ clearsInSeconds: number | null }> {
    this.cancel();
    await this.port.writeConcealed(text);
    if (clearAfterSeconds <= 0) return { clearsInSeconds: null };
    const handle = this.timers.setTimeout(() => void this.clearNow(text), clearAfterSeconds * 1000);
    this.pending = { handle, text };
    return { clearsInSeconds: clearAfterSeconds };
  }

  /** Used on quit and lock: do not leave a code behind. */
  async flush(): Promise<void> {
    const text = this.pending?.text;
    this.cancel();
    if (text !== undefined) await this.clearNow(text);
  }

  private cancel(): void {
    if (this.pending) this.timers.clearTimeout(this.pending.handle);
    this.pending = null;
  }

  private async clearNow(text: string): Promise<void> {
    if (this.pending?.text === text) this.pending = null;
    if (await this.port.clearIfHolds(text)) this.onCleared();
  }
}
