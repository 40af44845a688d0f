import { describe, expect, it } from 'vitest';
import { concealedFormats } from './concealedFormats.js';

describe('concealedFormats', () => {
  it('marks copies as concealed on macOS with the nspasteboard convention', () => {
    expect(Object.keys(concealedFormats('darwin'))).toEqual(['org.nspasteboard.ConcealedType']);
  });

  it('keeps copies out of Windows clipboard history and cloud sync with zero DWORD flags', () => {
    const formats = concealedFormats('win32');
    expect(formats.CanIncludeInClipboardHistory).toEqual(new Uint8Array([0, 0, 0, 0]));
    expect(formats.CanUploadToCloudClipboard).toEqual(new Uint8Array([0, 0, 0, 0]));
    expect(formats).toHaveProperty('ExcludeClipboardContentFromMonitorProcessing');
  });

  it('uses the KDE password-manager hint on Linux', () => {
    expect(concealedFormats('linux')).toEqual({ 'x-kde-passwordManagerHint': 'secret' });
  });
});
