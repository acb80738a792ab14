import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each e2e file starts its own simulator, emulator and bot on free ports.
    pool: 'forks',
  },
});
