import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/chaos/timing/ holds scenarios that are a timing promise through and through (their
    // correctness cannot be told apart from real-time pacing): `npm run chaos` runs them, one file at
    // a time; here a loaded machine would turn them red with the bot right.
    exclude: [...configDefaults.exclude, 'test/chaos/timing/**'],
    // A deadline for a hung test, not a speed bound (speed is measured under bench/): the CPU-bound
    // tests — the labelled corpus, 5,000 fuzz texts — take 15–25 s alone and took 32–55 s on a 2-core
    // machine at load 12–17, where 30 s turned them red with every figure right.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Each e2e file starts its own simulator, emulator and bot on free ports.
    pool: 'forks',
  },
});
