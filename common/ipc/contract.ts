import { z } from 'zod';
import { ERROR_CODES, type AppErrorView } from '../errors.js';
import { OTP_ALGORITHMS, OTP_KINDS } from '../otp/otpParams.js';
import { AccountViewSchema, CodeViewSchema, SettingsSchema, VaultStatusSchema } from './views.js';
import type { Channel } from './api.js';

export { CHANNEL_NAMES, EVENT_NAMES, isAppEvent, isChannel } from './api.js';
export type { AppEvent, Channel, Result, TwofoldApi } from './api.js';

const Empty = z.object({}).strict();

export const AppErrorViewSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  ref: z.string().optional(),
});
// The schema and the plain interface in errors.ts must describe the same thing.
const errorViewMatches: [z.infer<typeof AppErrorViewSchema>, AppErrorView] extends [AppErrorView, z.infer<typeof AppErrorViewSchema>] ? true : never = true;
void errorViewMatches;
const Id = z.string().min(1).max(100);
const Text = (max: number) => z.string().max(max);

/**
 * Every channel between the renderer and the main process, declared once. Main validates each request
 * with these schemas (Electron IPC and the browser host alike); preload and the browser bridge expose
 * exactly these channels; the renderer is typed from them, so a wrong payload is a compile error.
 */
const SnapshotSchema = z.object({ now: z.number(), codes: z.array(CodeViewSchema) });

export const channels = {
  /**
   * Everything the window shows first, in one round trip: what vault:status, accounts:list,
   * codes:snapshot and settings:get would answer. Start-up is the one moment four requests cost more
   * than their work (docs/benchmarks.md).
   */
  'app:bootstrap': {
    request: Empty,
    response: z.object({ status: VaultStatusSchema, accounts: z.array(AccountViewSchema), snapshot: SnapshotSchema, settings: SettingsSchema }),
  },
  'vault:status': { request: Empty, response: VaultStatusSchema },
  'accounts:list': { request: Empty, response: z.object({ accounts: z.array(AccountViewSchema) }) },
  'codes:snapshot': {
    request: z.object({ ids: z.array(Id).max(10_000).optional() }).strict(),
    response: SnapshotSchema,
  },
  /** Add from a pasted otpauth:// or otpauth-migration:// link. */
  'accounts:addFromLink': {
    request: z.object({ link: Text(20_000), group: Text(100).nullable().optional() }).strict(),
    response: z.object({
      added: z.array(AccountViewSchema),
      /** For a Google Authenticator export in several parts: which part this was (1-based). */
      batch: z.object({ part: z.number().int(), of: z.number().int() }).nullable(),
    }),
  },
  /** Add by typing a key. The renderer sends the key once; it never gets it back. */
  'accounts:addManual': {
    request: z
      .object({
        issuer: Text(200),
        accountName: Text(200),
        secret: Text(1_000),
        kind: z.enum(OTP_KINDS),
        algorithm: z.enum(OTP_ALGORITHMS),
        digits: z.number().int(),
        period: z.number().int(),
        counter: z.number().int().nonnegative().optional(),
        group: Text(100).nullable().optional(),
      })
      .strict(),
    response: z.object({ added: AccountViewSchema }),
  },
  'accounts:update': {
    request: z
      .object({ id: Id, issuer: Text(200).optional(), accountName: Text(200).optional(), group: Text(100).nullable().optional() })
      .strict(),
    response: z.object({ account: AccountViewSchema }),
  },
  'accounts:remove': { request: z.object({ id: Id }).strict(), response: z.object({ undoToken: z.string() }) },
  'accounts:undoRemove': { request: z.object({ undoToken: z.string().min(1).max(200) }).strict(), response: z.object({ account: AccountViewSchema }) },
  'accounts:reorder': { request: z.object({ ids: z.array(Id).max(10_000) }).strict(), response: Empty },
  /** HOTP: move to the next counter value and return its code. */
  'accounts:nextHotp': { request: z.object({ id: Id }).strict(), response: CodeViewSchema },
  /** Main writes the code to the clipboard (marked concealed) and clears it later if it is still ours. */
  'clipboard:copyCode': {
    request: z.object({ id: Id }).strict(),
    response: z.object({ clearsInSeconds: z.number().int().nullable() }),
  },
  'settings:get': { request: Empty, response: SettingsSchema },
  'settings:update': { request: SettingsSchema.partial().strict(), response: SettingsSchema },
} as const;

// Both ways: a channel named in api.ts without a schema here, or a schema for an unnamed channel, fails to compile.
type Schemas = typeof channels;
const everyNamedChannelHasASchema: { [C in Channel]: Schemas[C] } = channels;
const everySchemaIsNamed: { [K in keyof Schemas]: K extends Channel ? true : never } = mapTrue(channels);
void everyNamedChannelHasASchema;
void everySchemaIsNamed;
function mapTrue<T extends object>(o: T): { [K in keyof T]: true } {
  return Object.fromEntries(Object.keys(o).map((k) => [k, true])) as { [K in keyof T]: true };
}

export type RequestOf<C extends Channel> = z.input<Schemas[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Schemas[C]['response']>;

export const ResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorViewSchema }),
]);
