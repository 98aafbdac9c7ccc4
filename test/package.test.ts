/**
 * The package as people install it: `npm pack` (which builds lib/ through "prepack"), the tarball installed
 * into a fresh temporary project with nothing else, and there
 *   (a) every site snippet runs as plain JavaScript in Node (types stripped by esbuild, no tsx), importing
 *       'deconv' from the installed package, with the printed-value checks of test/snippets.test.ts;
 *   (b) a strict TypeScript consumer (and every snippet) type-checks against the shipped declarations,
 *       with the declarations themselves checked too (skipLibCheck off);
 *   (c) a browser entry bundled by esbuild runs in Chromium, and so does the unbundled package loaded by a
 *       `<script type="module">` through an import map; the gzip size of `import { convTranspose }` alone is
 *       compared with the whole library (tree-shaking works).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { external, launch, open, serve } from './browser/harness';
import { expectations, expectedLines } from './snippetChecks';

const run = promisify(execFile);
const root = resolve(__dirname, '..');
const snippets = join(root, 'site/snippets');
const names = readdirSync(snippets).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const work = mkdtempSync(join(tmpdir(), 'deconv-package-'));
const project = join(work, 'consumer');

beforeAll(async () => {
  // npm pack runs "prepack" (npm run build:lib) first, so the tarball holds a fresh lib/.
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const tarball = join(work, stdout.trim().split('\n').pop()!);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // Nothing but the tarball: it has no dependencies, so the install needs no registry.
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], { cwd: project });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package in a fresh project', () => {
  it('installs nothing but itself: no runtime dependencies, only lib/ and the README', () => {
    const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).toEqual(['deconv']);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/deconv/package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.sideEffects).toBe(false);
    const shipped = readdirSync(join(project, 'node_modules/deconv')).sort();
    expect(shipped).toEqual(expect.arrayContaining(['lib', 'package.json', 'README.md']));
    expect(shipped).not.toContain('src');
  });

  it('(a) runs every site snippet as plain JavaScript in Node and prints what its comments say', async () => {
    // console.log prints as test/snippets.test.ts records it (strings as is, the rest as JSON), one JSON line each.
    const checks = await transform(readFileSync(join(root, 'test/snippetChecks.ts'), 'utf8'), { loader: 'ts', format: 'esm' });
    writeFileSync(join(project, 'snippetChecks.mjs'), checks.code);
    writeFileSync(join(project, 'log.mjs'), "import { format } from './snippetChecks.mjs';\n" +
      "console.log = (...args) => process.stdout.write(JSON.stringify(format(args)) + '\\n');\n");
    const results = await Promise.all(names.map(async (name) => {
      const source = readFileSync(join(snippets, `${name}.ts`), 'utf8');
      const js = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' });
      expect(js.code, `${name}: types stripped, still imports the package`).toMatch(/from "deconv"/);
      writeFileSync(join(project, `${name}.mjs`), js.code);
      const { stdout } = await run(process.execPath, ['--import', './log.mjs', `${name}.mjs`], { cwd: project });
      return { name, source, printed: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string) };
    }));
    let checked = 0;
    for (const { name, source, printed } of results) {
      expect(printed.length, `${name} printed too few lines`).toBeGreaterThanOrEqual(expectations(source).length);
      for (const { index, line, want } of expectedLines(source)) {
        expect(printed[index], `${name}: ${line}`).toBe(want);
        checked++;
      }
    }
    expect(results).toHaveLength(names.length);
    console.info(`package: ${names.length} snippets run from the installed tarball, ${checked} printed values checked`);
  });

  it('(b) type-checks a strict TypeScript consumer and every snippet against the declarations', async () => {
    const dir = join(project, 'typed');
    mkdirSync(dir, { recursive: true });
    for (const name of names) writeFileSync(join(dir, `${name}.ts`), readFileSync(join(snippets, `${name}.ts`), 'utf8'));
    writeFileSync(join(dir, 'consumer.ts'), [
      "import { convTranspose, tensor, toArray, type Nested, type Tensor } from 'deconv';",
      'const x: Tensor = tensor([1, 2], [1, 1, 2]);',
      'const w: Tensor = tensor([1, 1, 1], [1, 1, 3]);',
      'const y: Tensor = convTranspose(x, w, { strides: 2 });',
      'export const out: [Nested, readonly number[]] = [toArray(y), y.shape];',
      '// The declarations are real types, not any: these must be errors.',
      '// @ts-expect-error a string is not a tensor',
      "convTranspose('x', w);",
      '// @ts-expect-error strides is a number or a list of numbers',
      "convTranspose(x, w, { strides: 'two' });",
      '',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
        noEmit: true, skipLibCheck: false, types: [], noUnusedLocals: true, exactOptionalPropertyTypes: false,
      },
      include: ['typed/*.ts'],
    }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((e) => e);
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
  });

  it('(c) bundles for the browser, runs in Chromium, and tree-shakes convTranspose', async () => {
    const www = join(project, 'www');
    mkdirSync(www, { recursive: true });
    // x = [1, 2], w = [1, 1, 1], stride 2: the stamps 1·w at 0 and 2·w at 2 overlap at 2, so [1, 1, 3, 2, 2].
    const entry = "import { convTranspose, tensor } from 'deconv';\n" +
      'const y = convTranspose(tensor([1, 2], [1, 1, 2]), tensor([1, 1, 1], [1, 1, 3]), { strides: 2 });\n' +
      "document.body.dataset.bundled = JSON.stringify(Array.from(y.data));\n";
    const whole = "import * as deconv from 'deconv';\nglobalThis.deconv = deconv;\n";
    const bundle = async (contents: string) => (await build({
      stdin: { contents, resolveDir: project, loader: 'js' }, bundle: true, format: 'esm', minify: true,
      target: 'es2022', platform: 'browser', write: false, logLevel: 'silent',
    })).outputFiles[0].contents;
    const one = await bundle(entry);
    const all = await bundle(whole);
    writeFileSync(join(www, 'bundle.js'), one);
    // Unbundled: the browser loads the installed package's own files through an import map.
    writeFileSync(join(www, 'index.html'), `<!doctype html><html><head><title>deconv</title>
<script type="importmap">{"imports":{"deconv":"/node_modules/deconv/lib/src/index.js"}}</script>
<script type="module" src="/www/bundle.js"></script>
<script type="module">
import { convTranspose, tensor } from 'deconv';
const y = convTranspose(tensor([1, 2], [1, 1, 2]), tensor([1, 1, 1], [1, 1, 3]), { strides: 2 });
document.body.dataset.unbundled = JSON.stringify(Array.from(y.data));
</script></head><body></body></html>`);
    writeFileSync(join(project, '404.html'), 'not found');
    const { server, base } = await serve(project);
    const browser = await launch();
    try {
      const before = external.length;
      const { page, errors } = await open(browser, `${base}/www/index.html`);
      await page.waitForFunction(() => document.body.dataset.bundled && document.body.dataset.unbundled);
      expect(await page.evaluate(() => document.body.dataset.bundled)).toBe('[1,1,3,2,2]');
      expect(await page.evaluate(() => document.body.dataset.unbundled)).toBe('[1,1,3,2,2]');
      expect(errors).toEqual([]);
      expect(external.slice(before)).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
    const gzOne = gzipSync(one).length;
    const gzAll = gzipSync(all).length;
    console.info(`package: esbuild --minify, gzip: import { convTranspose } ${(gzOne / 1024).toFixed(1)} kB, ` +
      `whole library ${(gzAll / 1024).toFixed(1)} kB (${((100 * gzOne) / gzAll).toFixed(0)}%)`);
    // Tree-shaking works: convTranspose (with the engines it dispatches to) is well under the whole.
    expect(gzOne).toBeLessThan(0.6 * gzAll);
  });
});
