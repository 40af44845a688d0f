// The `twofold` command. Thin: parsing and exit codes here, the work in main/services.
import { runCli } from './runCli.js';

// No top-level await: this is bundled as CommonJS (cli/boot.ts runs it with V8's code cache). Until
// runCli settles the exit status says "unexpected failure", so a run that ends early never reads as success.
process.exitCode = 70;
void runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  now: Date.now,
})
  .catch((e: unknown) => {
    process.stderr.write(`twofold: unexpected failure (${e instanceof Error ? e.name : typeof e}). Nothing was changed.\n`);
    return 70;
  })
  .then((status) => {
    process.exitCode = status;
  });
