import { AppError } from '../../../common/errors.js';
import type { AccountDraft } from '../../../common/otp/otpParams.js';
import type { MigrationBatch } from '../migration/parseMigrationUri.js';
import { parseOtpauthUri } from './parseOtpauthUri.js';

export interface ParsedLink {
  accounts: AccountDraft[];
  /** Set for Google Authenticator exports, which may come in several parts. */
  batch: MigrationBatch | null;
}

/**
 * Whatever a person pastes or a QR code holds: an otpauth:// link or a Google Authenticator export.
 * Async because the export's protobuf decoder (protobufjs, a tenth of the services' code) loads only
 * when an export is pasted, not at every start.
 */
export async function parseAccountLink(text: string): Promise<ParsedLink> {
  const trimmed = text.trim();
  if (/^otpauth-migration:/i.test(trimmed)) return (await import('../migration/parseMigrationUri.js')).parseMigrationUri(trimmed);
  if (/^otpauth:/i.test(trimmed)) return { accounts: [parseOtpauthUri(trimmed)], batch: null };
  if (trimmed === '') {
    throw new AppError('InvalidUri', 'Paste the link from your portal’s setup page (it starts with otpauth://), or type the key instead.');
  }
  // People often paste the key shown under the QR code into the link field.
  if (/^[A-Za-z2-7\s-]{16,}=*$/.test(trimmed)) {
    throw new AppError('InvalidUri', 'This looks like a key rather than a link. Choose “Type key” and paste it there.');
  }
  throw new AppError('InvalidUri', 'This is not an authenticator link: it should start with otpauth://. If you have the key as text, choose “Type key” instead.');
}
