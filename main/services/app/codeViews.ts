import type { CodeView } from '../../../common/ipc/views.js';
import { codeWindow } from '../otp/codeWindow.js';
import type { AccountRecord } from './vaultPort.js';

/** The codes of these accounts at `at`, in their order; an account whose key is missing has none. */
export function codeViews(accounts: readonly AccountRecord[], secrets: ReadonlyMap<string, Uint8Array>, at: number): CodeView[] {
  const codes: CodeView[] = [];
  for (const account of accounts) {
    const secret = secrets.get(account.id);
    if (secret) codes.push({ id: account.id, ...codeWindow(account.params, secret, at) });
  }
  return codes;
}
