import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'notebooks/**'],
    // A watchdog, not a speed assertion: stops runaway code.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
