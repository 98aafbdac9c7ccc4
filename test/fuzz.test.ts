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
import { conv, convReference, convTranspose, convTransposeReference, maxAbsDiff, randomTensor, type Tensor } from '../src/index';
import * as api from '../src/index';
import { configs } from './configs';
import { thrown } from './thrown';

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

describe('fuzz: well-formed random problems agree with the reference loops', () => {
  /** Largest |a - b| relative to the reference's largest magnitude. */
  function relativeError(fast: Tensor, reference: Tensor): number {
    const scale = Math.max(1, ...Array.from(reference.data, Math.abs));
    return maxAbsDiff(fast, reference) / scale;
  }
  const tolerance = (t: Tensor) => (t.data instanceof Float32Array ? 1e-5 : 1e-12);

  it('convTranspose = convTransposeReference (float64 and float32)', () => {
    fc.assert(
      fc.property(configs, fc.boolean(), ({ x, w, options }, f32) => {
        const [xs, ws] = f32 ? [x, w].map((t) => ({ shape: t.shape, data: Float32Array.from(t.data) })) : [x, w];
        const fast = convTranspose(xs, ws, options);
        const reference = convTransposeReference(xs, ws, options);
        expect(fast.shape).toEqual(reference.shape);
        expect(relativeError(fast, reference)).toBeLessThanOrEqual(tolerance(fast));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('conv = convReference on the adjoint problem (input: a transposed convolution output of the same options)', () => {
    fc.assert(
      fc.property(configs, fc.boolean(), ({ x, w, options }, f32) => {
        const { outputPadding: _, ...convOptions } = options;
        const yShape = convTransposeReference(x, w, { ...options, bias: undefined }).shape;
        const y = randomTensor(yShape, { seed: yShape.length, dtype: f32 ? 'float32' : 'float64' });
        const ws = f32 ? { shape: w.shape, data: Float32Array.from(w.data) } : w;
        const groups = options.groups ?? 1;
        const bias = options.bias ? randomTensor([w.shape[0]], { seed: 7, dtype: f32 ? 'float32' : 'float64' }) : undefined;
        const opts = { ...convOptions, bias };
        expect(y.shape[1]).toBe(w.shape[1] * groups);
        const fast = conv(y, ws, opts);
        const reference = convReference(y, ws, opts);
        expect(fast.shape).toEqual(reference.shape);
        expect(relativeError(fast, reference)).toBeLessThanOrEqual(tolerance(fast));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('fuzz: the bugs it found stay fixed (each threw a raw JavaScript error or hung before)', () => {
  const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['bilinearProfile hung allocating 1e9 values', () => api.bilinearProfile(1e9), RangeError, /^bilinearProfile: the profile of shape \[1000000000\] would hold/],
    ['sizeOf: "shape is not iterable"', () => api.sizeOf(undefined as never), TypeError, /^sizeOf: shape=undefined must be an array/],
    ['stridesOf: "Cannot read properties of undefined"', () => api.stridesOf(undefined as never), TypeError, /^stridesOf: shape=undefined/],
    ['indicesOf of a huge shape hung', () => api.indicesOf([1e9, 1e9]), RangeError, /^indicesOf: shape=\[1000000000, 1000000000\] has 1000000000000000000 indices/],
    ['forEachIndex without a function', () => api.forEachIndex([2], 3 as never), TypeError, /^forEachIndex: fn=3 must be a function/],
    ['allocate: "Invalid typed array length: -3"', () => api.allocate('float64', -3), RangeError, /^allocate: length=-3 must be an integer/],
    ['zeros of a huge shape: raw RangeError', () => api.zeros([4e290, 3]), RangeError, /^zeros: shape=.* would hold/],
    ['convInfo: "xShape is not iterable"', () => api.convInfo('layer', 3 as never, [1, 1, 1]), TypeError, /^layer: x shape=3 must be an array/],
    ['convGeometry without a name', () => api.convGeometry(undefined as never, [4], [3]), TypeError, /^convGeometry: fn=undefined must be a string/],
    ['convOutputShape: "Cannot read properties of undefined"', () => api.convOutputShape(undefined as never), TypeError, /^convOutputShape: info\.batch=undefined must be a number/],
    ['convOutputSize: "Cannot convert object to primitive value"', () => api.convOutputSize(Object.create(null), 3, 1, 1, 0, 0), TypeError, /^convOutputSize: input=Object must be a number/],
    ['kerasOutputLength with a Symbol', () => api.kerasOutputLength(Symbol('s') as never, 3, 1, 1, 'valid', null), TypeError, /^kerasOutputLength: input=Symbol\(s\) must be a number/],
    ['setEngine: "Cannot convert object to primitive value"', () => api.setEngine(Object.create(null)), TypeError, /^setEngine: engine=Object must be a string/],
    ['dispatch with a bad op', () => api.dispatch({} as never, {} as never, undefined, 'float64'), TypeError, /^dispatch: op=Object must be/],
    ['stampOf: "Cannot read properties of undefined (reading \'kernel\')"', () => api.stampOf(undefined as never, [0]), TypeError, /^stampOf: info=undefined must be a ConvInfo/],
    ['framework: "Cannot read properties of undefined (reading \'id\')"', () => api.framework(undefined as never), TypeError, /^framework: spec=undefined must be a FrameworkSpec/],
    ['onnxOptions(undefined): "reading \'strides\'"', () => api.fromOnnx(undefined as never, [2], undefined as never), TypeError, /^fromOnnx: kernel=undefined must be an array/],
    ['fromOnnx spoke as onnxOptions', () => api.fromOnnx({ stride: 2 } as never, [2], [3]), TypeError, /^fromOnnx: unknown argument "stride"/],
    ['zeroInsertionSteps spoke as zeroInsertion', () => api.zeroInsertionSteps(undefined as never, undefined as never), TypeError, /^zeroInsertionSteps: x=undefined must be a tensor/],
    ['compareUpsampling with a huge factor: error of another function', () => api.compareUpsampling(api.zeros([1, 1, 2]), 2 ** 53), RangeError, /^compareUpsampling: the up-sampled x of shape/],
    ['upsampleMatrix of a huge shape: error of forEachIndex', () => api.upsampleMatrix([1e9], 1), RangeError, /^upsampleMatrix: the output of shape \[1000000000\] would hold/],
  ];
  for (const [bug, call, Kind, message] of cases) {
    it(bug, () => {
      const error = thrown(call);
      expect(error).toBeInstanceOf(Kind);
      expect(error.message).toMatch(message);
    });
  }
});
