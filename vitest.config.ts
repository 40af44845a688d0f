import { defineConfig } from 'vitest/config';

// One run for every kind of test. Tests that need a real service (Secret Service, Chromium) find it
// through scripts/test.sh, which starts a private D-Bus session with gnome-keyring around the run.
export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'main/**/*.test.ts', 'server/**/*.test.ts', 'cli/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Browser tests start a host and Chromium, and CI's two cores run two test files at once: give a
    // waiting assertion room for a slow moment instead of failing on the first second (expect.poll's
    // default is 1 s). A real failure still fails, just later.
    testTimeout: 90_000,
    expect: { poll: { timeout: 15_000, interval: 50 } },
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
