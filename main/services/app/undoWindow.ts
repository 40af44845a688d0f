/**
 * How long a removed account can be brought back with Undo before it is purged for good. The app and
 * the CLI both purge older removals when they open the vault.
 */
export const UNDO_WINDOW_MS = 10 * 60_000;
