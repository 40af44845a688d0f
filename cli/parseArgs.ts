import { parseArgs } from 'node:util';

export type CliCommand =
  | { name: 'add'; link: string }
  | { name: 'list'; json: boolean }
  | { name: 'code'; query: string; json: boolean }
  | { name: 'codeForUri'; uri: string; at: number | null; json: boolean }
  | { name: 'remove'; query: string }
  | { name: 'help' };

export class UsageError extends Error {}

export const USAGE = `Usage: twofold <command>

  add <otpauth-uri>              add an account from an otpauth:// or otpauth-migration:// link
  list [--json]                  list accounts (never their keys)
  code <query> [--json]          print the current code of the account matching <query>
                                 (--json: every matching account with its code)
  code --uri <otpauth-uri> [--at <unix-seconds>]
                                 print the code for a link without touching the vault
  remove <query>                 remove the account matching <query>

Exit status: 0 success, 1 nothing matched, 2 bad input (the reason is on stderr).
Environment: TWOFOLD_DATA_DIR (data folder), TWOFOLD_KEYCHAIN_SERVICE (keychain service name).`;

export function parseCli(argv: string[]): CliCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      uri: { type: 'string' },
      at: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') return { name: 'help' };
  const one = (what: string) => {
    if (rest.length !== 1 || !rest[0]?.trim()) throw new UsageError(`\`twofold ${command}\` needs exactly one ${what}.`);
    return rest[0];
  };
  switch (command) {
    case 'add':
      return { name: 'add', link: one('otpauth:// link (quote it in the shell)') };
    case 'list':
      if (rest.length) throw new UsageError('`twofold list` takes no query; use `twofold code <query>`.');
      return { name: 'list', json: values.json };
    case 'code':
      if (values.uri !== undefined) {
        if (rest.length) throw new UsageError('Give either a query or --uri, not both.');
        return { name: 'codeForUri', uri: values.uri, at: parseAt(values.at), json: values.json };
      }
      if (values.at !== undefined) throw new UsageError('--at only works with --uri.');
      return { name: 'code', query: one('query (part of the portal or account name)'), json: values.json };
    case 'remove':
      return { name: 'remove', query: one('query (part of the portal or account name)') };
    default:
      throw new UsageError(`Unknown command “${command}”.`);
  }
}

function parseAt(at: string | undefined): number | null {
  if (at === undefined) return null;
  if (!/^\d{1,12}$/.test(at)) throw new UsageError('--at takes a time in whole seconds since 1970 (Unix time), e.g. --at 1700000000.');
  return Number(at);
}
