/**
 * npm run build:lib: compiles src/ (and inspect/, when it exists) with tsconfig.lib.json into lib/, then
 * makes every relative specifier in the emitted .js and .d.ts name a file, as Node's ESM loader requires
 * ('./shape' -> './shape.js', './frameworks' -> './frameworks/index.js'). The sources stay extensionless
 * because tslab (the notebooks' kernel) cannot resolve '.js' specifiers to .ts files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'lib');

rmSync(lib, { recursive: true, force: true });
const config = join(root, 'tsconfig.lib.json');
const extra = existsSync(join(root, 'inspect')) ? ['inspect/**/*.ts'] : [];
const tsc = join(root, 'node_modules/typescript/bin/tsc');
if (extra.length === 0) {
  execFileSync(process.execPath, [tsc, '-p', config], { cwd: root, stdio: 'inherit' });
} else {
  // inspect/ is a Node CLI: the same options, with Node's types and the extra folder.
  const combined = join(root, 'tsconfig.lib.all.json');
  writeFileSync(combined, JSON.stringify({
    extends: './tsconfig.lib.json',
    compilerOptions: { types: ['node'] },
    include: ['src/**/*.ts', ...extra],
    exclude: ['**/*.test.ts'],
  }));
  try {
    execFileSync(process.execPath, [tsc, '-p', combined], { cwd: root, stdio: 'inherit' });
  } finally {
    rmSync(combined, { force: true });
  }
}

/** Files under dir, recursively. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]);
}

/** './x' -> './x.js' when lib has x.js, './x/index.js' when x is a folder; anything else unchanged. */
function withExtension(file, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  if (/\.(m?js|json)$/.test(specifier)) return specifier;
  const target = resolve(dirname(file), specifier);
  if (existsSync(`${target}.js`)) return `${specifier}.js`;
  if (existsSync(target) && statSync(target).isDirectory() && existsSync(join(target, 'index.js'))) return `${specifier}/index.js`;
  throw new Error(`build-lib: ${file}: cannot resolve '${specifier}'`);
}

// from '...', import '...', import('...'), export ... from '...'
const specifiers = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\2/g;
let rewritten = 0;
for (const file of files(lib).filter((f) => /\.(js|d\.ts)$/.test(f))) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(specifiers, (all, head, quote, specifier) => {
    const fixed = withExtension(file, specifier);
    if (fixed === specifier) return all;
    rewritten++;
    return `${head}${quote}${fixed}${quote}`;
  });
  if (next !== text) writeFileSync(file, next);
}
console.log(`build-lib: lib/ written, ${rewritten} relative specifiers given their file extension`);
