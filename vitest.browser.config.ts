import { defineConfig } from 'vitest/config';

/**
 * Files that measure time or keep a core busy on purpose (a cell's time limit and Stop, the
 * trainer's steps, motion preferences, every engine in turn): they run alone, after the rest, so
 * another Chromium cannot slow them past their limits.
 */
const timed = [
  'test/browser/cells.test.ts', 'test/browser/cells-security.test.ts', 'test/browser/trainer.test.ts',
  'test/browser/a11y-keyboard.test.ts', 'test/browser/engines.test.ts',
];

// Browser tests: run after `npm run build`, against dist/ in Debian's Chromium. The page audits
// (axe, every page loads, shared-URL state, Thai text, inspector, tables, links) wait on page loads
// far more than they compute, so two files run at once; then the timed files, one at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'pages',
          include: ['test/browser/**/*.test.ts'],
          exclude: timed,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'timed',
          include: timed,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
