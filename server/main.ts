// `npm run server`: starts the portal MFA service (docs/server.md). Kept thin: start-up lives in
// startServer.ts so tests drive the same code without a child process.
import { CONFIG_ERROR_EXIT_CODE, ConfigError } from './config/configError.js';
import { startServer } from './startServer.js';

try {
  const running = await startServer(process.env, process.cwd(), (line) => process.stdout.write(`${line}\n`));
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`twofold-server: ${error.message}\n`);
    process.exitCode = CONFIG_ERROR_EXIT_CODE;
  } else {
    process.stderr.write(`twofold-server: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
