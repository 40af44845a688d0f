import os from 'node:os';
import { AppError } from '../common/errors.js';
import { generateCode } from '../main/services/otp/codeWindow.js';
import { parseAccountLink } from '../main/services/otpauth/parseAnyLink.js';
import { createSystemKeychain } from '../main/services/keychain/systemKeychain.js';
import { UNDO_WINDOW_MS } from '../main/services/app/undoWindow.js';
import { openVault } from '../main/services/vault/openVault.js';
import { resolveVaultLocation } from '../main/services/vault/vaultLocation.js';
import { describeAccount, matchAccounts } from './matchAccounts.js';
import { parseCli, USAGE, UsageError, type CliCommand } from './parseArgs.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  now(): number;
}

export const EXIT = { ok: 0, noMatch: 1, badInput: 2 } as const;

/** Runs one command and returns the exit status; never throws for anything a user can cause. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (e) {
    io.err(`twofold: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await run(command, io);
  } catch (e) {
    if (e instanceof AppError || e instanceof UsageError) {
      io.err(`twofold: ${e.message}`);
      return e instanceof AppError && e.code === 'NotFound' ? EXIT.noMatch : EXIT.badInput;
    }
    throw e;
  }
}

async function run(command: CliCommand, io: CliIo): Promise<number> {
  if (command.name === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (command.name === 'codeForUri') {
    const { accounts } = await parseAccountLink(command.uri);
    const at = command.at === null ? io.now() : command.at * 1000;
    const codes = accounts.map((a) => ({ issuer: a.issuer, accountName: a.accountName, code: generateCode(a.params, a.secret, at) }));
    if (command.json) io.out(JSON.stringify(codes.length === 1 ? codes[0] : codes));
    else for (const c of codes) io.out(codes.length === 1 ? c.code : `${c.code}  ${c.issuer} (${c.accountName})`);
    return EXIT.ok;
  }

  const { dataDir, keychainService } = resolveVaultLocation(io.env, process.platform, os.homedir());
  const vault = await openVault({ dataDir, profileId: io.env.TWOFOLD_PROFILE || 'default', keychain: createSystemKeychain(), keychainService });
  try {
    const status = await vault.status();
    if (status.state !== 'ready') throw new AppError('KeychainUnavailable', status.message ?? 'The vault cannot be opened.');
    // As the app does at start: removals older than any Undo could reach are dropped for good.
    if (command.name === 'add' || command.name === 'remove') await vault.purgeRemoved(UNDO_WINDOW_MS);
    switch (command.name) {
      case 'add': {
        const added = await vault.add((await parseAccountLink(command.link)).accounts);
        for (const a of added) io.out(`Added ${describeAccount(a)}`);
        return EXIT.ok;
      }
      case 'list': {
        const accounts = await vault.list();
        if (command.json) {
          io.out(JSON.stringify(accounts.map((a) => ({ id: a.id, issuer: a.issuer, accountName: a.accountName, group: a.group, ...a.params }))));
        } else {
          for (const a of accounts) io.out(`${describeAccount(a)}  [${a.params.kind}]`);
        }
        return EXIT.ok;
      }
      case 'code': {
        const matches = matchAccounts(await vault.list(), command.query);
        if (matches.length === 0) throw new AppError('NotFound', `No account matches “${command.query}”.`);
        const secrets = await vault.secrets();
        const at = io.now();
        const codes = matches.map((a) => {
          const secret = secrets.get(a.id);
          if (!secret) throw new AppError('VaultCorrupt', `The key of ${describeAccount(a)} is missing.`);
          return { id: a.id, issuer: a.issuer, accountName: a.accountName, code: generateCode(a.params, secret, at) };
        });
        if (command.json) {
          io.out(JSON.stringify(codes));
          return EXIT.ok;
        }
        if (codes.length > 1) {
          throw new UsageError(`“${command.query}” matches ${codes.length} accounts: ${matches.map(describeAccount).join('; ')}. Be more specific.`);
        }
        io.out(codes[0]!.code);
        return EXIT.ok;
      }
      case 'remove': {
        const matches = matchAccounts(await vault.list(), command.query);
        if (matches.length === 0) throw new AppError('NotFound', `No account matches “${command.query}”.`);
        if (matches.length > 1) {
          throw new UsageError(`“${command.query}” matches ${matches.length} accounts: ${matches.map(describeAccount).join('; ')}. Be more specific.`);
        }
        await vault.remove(matches[0]!.id);
        io.out(`Removed ${describeAccount(matches[0]!)}`);
        return EXIT.ok;
      }
    }
  } finally {
    await vault.close();
  }
}
