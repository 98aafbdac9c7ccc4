/**
 * npm run conformance -- <folder-or-file>... [--dtype float32|float64] [--view NAME|all]
 *
 * Runs every case of every vectors file given (or found in the folders given) through the
 * core, prints one line per case with its largest error, and ends with "N passed, N failed".
 * Exit status 1 on any failure or on a file that is not in the vectors format.
 */
import { FormatError, listVectorFiles, readVectorFile } from './conformance/format';
import { runCase } from './conformance/run';
import { VIEWS } from './conformance/views';
import { availableEngines, type DType } from '../src/index';

function usage(message?: string): never {
  if (message) console.error(`conformance: ${message}`);
  console.error('usage: npm run conformance -- <folder-or-file>... [--dtype float32|float64] [--view NAME|all]');
  console.error(`views: ${Object.keys(VIEWS).join(', ')}, all`);
  process.exit(2);
}

function parse(argv: string[]) {
  const paths: string[] = [];
  let dtype: DType = 'float32';
  let view = 'convTranspose';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--dtype') {
      const v = value();
      if (v !== 'float32' && v !== 'float64') usage(`--dtype ${v}: must be float32 or float64`);
      dtype = v;
    } else if (flag === '--view') {
      view = value();
      if (view !== 'all' && !(view in VIEWS)) usage(`--view ${view}: unknown view`);
    } else if (flag === '--help' || flag === '-h') {
      usage();
    } else if (arg.startsWith('--')) {
      usage(`unknown flag ${arg}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) usage('name at least one folder or file');
  return { paths, dtype, views: view === 'all' ? allViews() : [view] };
}

/** Every view this host can run: 'fast-wasm-relaxed' needs relaxed SIMD (Node: --experimental-wasm-relaxed-simd). */
function allViews(): string[] {
  if (availableEngines().includes('wasm-relaxed')) return Object.keys(VIEWS);
  console.error('conformance: view fast-wasm-relaxed left out: no relaxed SIMD on this host (Node 20: run with --experimental-wasm-relaxed-simd)');
  return Object.keys(VIEWS).filter((v) => v !== 'fast-wasm-relaxed');
}

function main(): number {
  const { paths, dtype, views } = parse(process.argv.slice(2));
  let files: string[];
  try {
    files = listVectorFiles(paths);
  } catch (e) {
    console.error(`conformance: ${(e as Error).message}`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  let badFiles = 0;
  for (const path of files) {
    let cases;
    try {
      cases = readVectorFile(path).cases;
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      console.error(`conformance: ${e.message}`);
      badFiles++;
      continue;
    }
    for (const c of cases) {
      for (const view of views) {
        // Only transposed convolutions have several views; other ops run once.
        if (view !== views[0] && c.op !== 'conv_transpose') continue;
        const r = runCase(c, dtype, VIEWS[view]);
        const label = views.length > 1 && c.op === 'conv_transpose' ? `${c.name} [${view}]` : c.name;
        const err = Number.isFinite(r.maxError) ? r.maxError.toExponential(2) : 'n/a';
        console.log(`${r.pass ? 'ok  ' : 'FAIL'}  max_err=${err.padEnd(9)} ${label}${r.message ? `: ${r.message}` : ''}`);
        if (r.pass) passed++;
        else failed++;
      }
    }
  }
  if (files.length === 0) console.error(`conformance: no .json files in ${paths.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed${badFiles ? `, ${badFiles} file(s) not in the vectors format` : ''}`);
  return failed > 0 || badFiles > 0 || files.length === 0 ? 1 : 0;
}

process.exit(main());
