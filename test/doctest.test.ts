/**
 * API reference doc-tests. Every name src/index.ts exports has a doc comment (found through the
 * TypeScript compiler API, scripts/api-reference/exports.mjs), and everything that runs (functions,
 * constants) has an `@example`. Each example is a small program that imports from 'deconv' (here the
 * sources, through the vitest alias) and is executed as written; a `console.log(...)` line ending in
 * `// => text` must print exactly `text` (strings as is, the rest as JSON), the convention of the site
 * snippets (test/snippetChecks.ts). Expected values are written by hand, each example says how to check
 * them (a tiny case, a formula).
 *
 * Names whose doc comments or examples are still to be written are listed in PENDING below: the list
 * may only shrink (a listed name that is now documented fails until it is removed).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { needsExample, publicExports } from '../scripts/api-reference/exports.mjs';
import { expectations, expectedLines, format } from './snippetChecks';

/** Files (or folders, ending in '/') whose public names still lack a doc comment or an @example: none left. */
const PENDING_FILES: string[] = [];
/** Single names, outside those files, still to be documented. */
const PENDING_NAMES: string[] = [];

const entries = publicExports();
const pending = (e: { name: string; file: string }) =>
  PENDING_NAMES.includes(e.name) || PENDING_FILES.some((f) => (f.endsWith('/') ? e.file.startsWith(f) : e.file === f));
const complete = (e: (typeof entries)[number]) => e.doc !== '' && (!needsExample(e) || e.examples.length > 0);
const work = resolve(__dirname, '../node_modules/.cache/deconv-doctest');
mkdirSync(work, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('API doc comments', () => {
  it('the public surface is read from src/index.ts', () => expect(entries.length).toBeGreaterThan(100));

  it('every public export has a doc comment, and an @example when it runs (except the pending list)', () => {
    const missing = entries.filter((e) => !pending(e) && !complete(e))
      .map((e) => `${e.file}:${e.line} ${e.name}: ${e.doc ? 'no @example' : 'no doc comment'}`);
    expect(missing).toEqual([]);
    const waiting = entries.filter((e) => pending(e) && !complete(e));
    console.info(`doctest: ${entries.length - waiting.length} of ${entries.length} public exports documented with examples; ` +
      `${waiting.length} pending (${PENDING_FILES.length} files, ${PENDING_NAMES.length} names on the allow-list)`);
  });

  it('the pending list only shrinks: no listed name is complete, and every listed name exists', () => {
    expect(PENDING_NAMES.filter((n) => !entries.some((e) => e.name === n))).toEqual([]);
    expect(PENDING_NAMES.filter((n) => entries.some((e) => e.name === n && complete(e)))).toEqual([]);
    const files = PENDING_FILES.filter((f) => !entries.some((e) => pending(e) && !complete(e) && e.file.startsWith(f)));
    expect(files, 'every name of these pending files is documented: remove them from PENDING_FILES').toEqual([]);
  });
});

describe('API examples run and print what they say', () => {
  const examples = entries.flatMap((e) => e.examples.map((code, i) => ({ ...e, code, i })));
  it('exist', () => expect(examples.length).toBeGreaterThan(0));
  for (const { name, file, code, i } of examples) {
    it(`${name} (${file}) example ${i + 1}`, async () => {
      expect(code, 'an example imports what it uses from the package').toMatch(/from 'deconv'/);
      const want = expectations(code);
      expect(want.length, 'an example checks at least one printed value (// => value)').toBeGreaterThan(0);
      const path = join(work, `${name}-${i}.ts`);
      writeFileSync(path, code);
      const printed: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(args)));
      try {
        await import(path);
      } finally {
        spy.mockRestore();
      }
      expect(printed.length).toBeGreaterThanOrEqual(want.length);
      for (const { index, line, want: text } of expectedLines(code)) expect(printed[index], line).toBe(text);
    });
  }
});
