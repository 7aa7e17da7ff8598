import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // fixtures/ are repositories to scan; their own *.test.ts files must never run.
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
