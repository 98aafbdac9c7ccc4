/**
 * The golden vectors in ../shared/vectors (peers' own test suites and outputs) through every
 * implementation of the operator, in float32 and float64, and the conformance command itself.
 * Under CI (CI=true) a missing vectors folder is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVectorFiles, readVectorFile } from '../scripts/conformance/format';
import { runCase } from '../scripts/conformance/run';
import { VIEWS } from '../scripts/conformance/views';
import { availableEngines } from '../src/index';
import { RELAXED_FLAG, relaxedFlagAccepted } from './relaxedFlag';

const folder = resolve(__dirname, '../../shared/vectors');
const present = existsSync(folder);
const ci = process.env.CI === 'true' || process.env.CI === '1';
/** Node 20 runs relaxed SIMD only with --experimental-wasm-relaxed-simd (npm test runs this file once more with it). */
const relaxed = availableEngines().includes('wasm-relaxed');

describe('golden vectors', () => {
  it('are present (required under CI)', () => {
    if (!present && ci) throw new Error(`CI: the golden vectors folder ${folder} is missing`);
    if (!present) console.warn(`skipping golden vectors: ${folder} is absent`);
  });
  const files = present ? listVectorFiles([folder]) : [];
  const cases = files.flatMap((f) => readVectorFile(f).cases);
  it.runIf(present)('hold 108 cases', () => expect(cases.length).toBe(108));
  for (const dtype of present ? (['float32', 'float64'] as const) : []) {
    for (const [view, impl] of Object.entries(VIEWS)) {
      if (view === 'fast-wasm-relaxed' && !relaxed) continue;
      describe(`${view} (${dtype})`, () => {
        for (const c of cases.filter((k) => view === 'convTranspose' || k.op === 'conv_transpose')) {
          it(c.name, () => {
            const r = runCase(c, dtype, impl);
            expect(r.message ?? '').toBe('');
            expect(r.pass, `max error ${r.maxError}`).toBe(true);
          });
        }
      });
    }
  }
});

describe('npm run conformance', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../scripts/conformance.ts'), ...args], { encoding: 'utf8' });

  it.runIf(present)('prints one line per case and "108 passed, 0 failed"', () => {
    const r = cli([folder]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(108);
    expect(lines[lines.length - 1]).toBe('108 passed, 0 failed');
  });

  it.runIf(present && relaxedFlagAccepted)('runs the relaxed-SIMD engine under --experimental-wasm-relaxed-simd: "108 passed, 0 failed"', () => {
    const r = spawnSync(process.execPath, [
      RELAXED_FLAG, '--import', 'tsx', resolve(__dirname, '../scripts/conformance.ts'), folder, '--view', 'fast-wasm-relaxed',
    ], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('108 passed, 0 failed');
  });

  it('runs any folder in the format, and fails a wrong expected value with exit status 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    // Hand calculation: x=[1,2], w=[1,1], s=1 -> [1, 3, 2]; the second case claims a wrong value.
    const base = { op: 'conv_transpose', x: { shape: [1, 1, 2], data: [1, 2] }, w: { shape: [1, 1, 2], data: [1, 1] }, attrs: { strides: [1] }, tol: { atol: 1e-6, rtol: 0 } };
    const cases = [
      { ...base, name: 'hand/right', y: { shape: [1, 1, 3], data: [1, 3, 2] } },
      { ...base, name: 'hand/wrong', y: { shape: [1, 1, 3], data: [1, 3, 3] } },
    ];
    writeFileSync(join(dir, 'hand.json'), JSON.stringify({ source: 'test', license: 'MIT', cases }));
    const r = cli([dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ok {2}.*hand\/right$/m);
    expect(r.stdout).toMatch(/^FAIL .*hand\/wrong$/m);
    expect(r.stdout.trim().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('says clearly when a file is not in the format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ name: 'not vectors' }));
    const r = cli([dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('other.json is not a vectors file: it has no "cases" array');
  });

  it('exits 2 with usage on no arguments', () => {
    const r = cli([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: npm run conformance');
  });
});
