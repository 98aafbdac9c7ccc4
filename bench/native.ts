/**
 * The benchmark's native reference, onnxruntime-node (ONNX Runtime's C++ CPU kernels, MLAS,
 * 1 thread), kept out of the project's dependencies: 240 MB of binaries for every platform that
 * the tests never load. It lives in bench/native (its own package.json and lock, git-ignored
 * node_modules) and is installed there on first use. Its install script would fetch CUDA
 * binaries from nuget.org; ONNXRUNTIME_NODE_INSTALL=skip keeps to the npm registry (the CPU
 * build ships in the package).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), 'native');

const version = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;

/** The installed onnxruntime-node's version, or null if absent or half-installed. */
function installed(): string | null {
  const manifest = join(folder, 'node_modules', 'onnxruntime-node', 'package.json');
  const binding = join(folder, 'node_modules', 'onnxruntime-node', 'dist', 'index.js');
  return existsSync(manifest) && existsSync(binding) ? version(manifest) ?? null : null;
}

/**
 * Installs bench/native's packages (npm ci, from its lock file) unless the version its lock
 * names is there already: a missing, interrupted or outdated install is redone.
 */
export function ensureNative(): void {
  const lock = JSON.parse(readFileSync(join(folder, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const wanted = lock.packages['node_modules/onnxruntime-node']?.version;
  if (wanted !== undefined && installed() === wanted) return;
  console.log(`installing the native reference (onnxruntime-node ${wanted}) into bench/native ...`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: folder, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, shell: process.platform === 'win32',
  });
}

/** onnxruntime-node, from bench/native. */
export function loadNative(): typeof import('onnxruntime-web') {
  const require = createRequire(join(folder, 'package.json'));
  // onnxruntime-node has the same InferenceSession / Tensor API as onnxruntime-web (onnxruntime-common).
  return require('onnxruntime-node') as typeof import('onnxruntime-web');
}
