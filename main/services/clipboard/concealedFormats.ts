/**
 * The clipboard formats that tell clipboard managers and cloud clipboards to leave a copy alone,
 * per OS convention. Written in the same atomic clipboard write as the text itself.
 *  - macOS: org.nspasteboard.ConcealedType (nspasteboard.org), honoured by Alfred, Maccy, Raycast…
 *  - Windows: ExcludeClipboardContentFromMonitorProcessing, and the two DWORD flags that keep the
 *    item out of Win+V history and cloud sync (learn.microsoft.com, "Cloud Clipboard and Clipboard
 *    History Formats").
 *  - Linux: x-kde-passwordManagerHint = "secret" (KDE Klipper, CopyQ, GNOME Clipboard History).
 */
export function concealedFormats(platform: NodeJS.Platform): Record<string, string | Uint8Array> {
  switch (platform) {
    case 'darwin':
      return { 'org.nspasteboard.ConcealedType': '' };
    case 'win32':
      return {
        ExcludeClipboardContentFromMonitorProcessing: new Uint8Array(0),
        CanIncludeInClipboardHistory: new Uint8Array(4),
        CanUploadToCloudClipboard: new Uint8Array(4),
      };
    default:
      return { 'x-kde-passwordManagerHint': 'secret' };
  }
}
