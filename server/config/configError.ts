/**
 * A configuration the service refuses to start with. The message is for the person who started it: it
 * names the setting, says what is wrong and what to do, and never repeats a secret (a DATABASE_URL may
 * hold a password). `server/main.ts` prints it and exits with code 2.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const CONFIG_ERROR_EXIT_CODE = 2;
