import { defineConfig } from 'vitest/config';

// Browser tests: run after `npm run build`, against dist/ in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
