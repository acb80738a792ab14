import { defineConfig } from 'vitest/config';

/**
 * `npm run chaos`: the full chaos suite (issue #7) — ~1,000 deal events, six kills, larger fuzz.
 * The same files run in `npm test` in their short form (CHAOS unset).
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    env: { CHAOS: 'full' },
    testTimeout: 1_200_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: the timing figures must not compete with another storm for two cores.
    fileParallelism: false,
  },
});
