import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Snippets import the core as users would: from 'deconv'.
    alias: { deconv: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'notebooks/**', 'test/browser/**'],
    // A watchdog, not a speed assertion: stops runaway code.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
