import type { ResponseOf, Result } from '../../../common/ipc/contract.js';
import { call } from './twofold.js';

export type Bootstrap = ResponseOf<'app:bootstrap'>;

/** The answer with the moments it left and came back, for the clock offset (main's clock vs ours). */
export interface Bootstrapped {
  value: Bootstrap;
  sentAt: number;
  receivedAt: number;
}

let first: Promise<{ result: Result<Bootstrap>; sentAt: number; receivedAt: number }> | null = null;

/**
 * Everything the window shows first, asked for once before React renders (main.tsx), so the answer is
 * on its way while the components mount. The hooks read it for their first load only; every later
 * load (a change, a reload) asks its own channel. A failed bootstrap sends them to their own channels
 * straight away, which then report the error as usual.
 */
export function startBootstrap(): void {
  if (first) return;
  const embedded = embeddedAnswer();
  if (embedded) {
    // Computed by the browser host on this computer's clock, just before the page was sent: no offset.
    const at = embedded.snapshot.now;
    first = Promise.resolve({ result: { ok: true, value: embedded }, sentAt: at, receivedAt: at });
    return;
  }
  const sentAt = Date.now();
  first = call('app:bootstrap', {}).then((result) => ({ result, sentAt, receivedAt: Date.now() }));
}

/** The first answer, if it succeeded; null otherwise. */
export async function bootstrapped(): Promise<Bootstrapped | null> {
  startBootstrap();
  const { result, sentAt, receivedAt } = await first!;
  return result.ok ? { value: result.value, sentAt, receivedAt } : null;
}

/**
 * The answer the browser host put in the page with its first screen (main/host/firstScreen.ts), read
 * once. It is as trusted as any answer of the bridge, which comes from the same host.
 */
function embeddedAnswer(): Bootstrap | null {
  const block = document.getElementById('twofold-bootstrap');
  if (!block) return null;
  block.remove();
  try {
    return JSON.parse(block.textContent ?? '') as Bootstrap;
  } catch {
    return null; // then asked for as usual
  }
}
