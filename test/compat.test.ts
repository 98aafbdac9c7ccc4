/**
 * The notebooks run the core through tslab, which compiles with its own TypeScript 5.0 and
 * the ES2022 library, and loads relative imports as files (never folder/index). The core
 * must also run in a browser: no Node APIs. This test compiles src/ exactly so, with the
 * TypeScript that tslab ships, and fails on toSorted, findLast, a `.ts` extension in an
 * import, a folder import, or a Node global.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const src = resolve(__dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the core compiles under tslab (TypeScript 5.0, ES2022, no Node types)', () => {
  it('with no diagnostics', () => {
    const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');
    expect(ts.version.startsWith('5.0')).toBe(true);
    const program = ts.createProgram(sources(src), {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      noEmit: true,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.slice(src.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  it('every relative import names a .ts file, without extension', () => {
    const bad: string[] = [];
    for (const file of sources(src)) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)) {
        if (spec.endsWith('.ts') || spec.endsWith('.js') || !existsSync(join(dirname(file), `${spec}.ts`))) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
