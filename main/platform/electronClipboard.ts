import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from '../services/clipboard/clipboardGuard.js';
import { concealedFormats } from '../services/clipboard/concealedFormats.js';

/** Raw OS formats go through Electron's `osclipboard` custom type so they land beside the text. */
const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

export const electronClipboard: ClipboardPort = {
  async writeConcealed(text) {
    const entries: Record<string, string | Blob> = { 'text/plain': text };
    for (const [name, value] of Object.entries(concealedFormats(process.platform))) {
      entries[osFormat(name)] = typeof value === 'string' ? value : new Blob([Uint8Array.from(value)]);
    }
    // One write: the text and its "concealed" marks are committed together or not at all.
    await clipboard.write([new ClipboardItem(entries)]);
  },
  async clearIfHolds(text) {
    if ((await clipboard.readText()) !== text) return false;
    clipboard.clear();
    return true;
  },
};
