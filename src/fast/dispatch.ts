/**
 * The fast path's one entry point (internal: the ops, the bench and the conformance views
 * use it; `dispatch` and `KERNELS` are also exported by the package):
 *
 *   dispatch(op, info, w, dtype)  picks the first kernel of the registry that has a run for the
 *                                 op and applies, and the engine it runs on (a concrete
 *                                 EngineName: what the choice says is what runs);
 *   choose(op, info, w, dtype)    the same choice without dispatch's argument checks, for the
 *                                 ops, whose records the checks module has validated;
 *   runKernel / runGradWeight     allocate the result and run the choice.
 *
 * What a choice needs from a record (the choice itself, the work, the geometry, the output's
 * size) is derived once per record and kept: a figure redrawing one tiny layer pays for the
 * arithmetic, not for the machinery (issue 13).
 *
 * When no kernel applies (spatial rank > 3) the choice is { kernel: 'reference' }: the op
 * runs its own definition loop.
 */
import { fail, show } from '../errors';
import { convOutputShape, convTransposeOutputShape, type ConvInfo } from '../shape';
import { allocate, dtypeOf, sizeOf, type DType, type Tensor } from '../tensor';
import { availableEngines, currentEngine, engineAvailable, ENGINES, type EngineName } from './engines';
import { geometry3, type Geometry3 } from './geometry';
import { afterRun } from './memory';
import type { KernelConfig, KernelOp } from './kernel';
import { KERNELS } from './registry';

/** What `dispatch` chose: the kernel, the engine it runs on, and the kernel's plan. */
export interface KernelChoice {
  /** A kernel's name from the registry, or 'reference' (the op's own loop). */
  kernel: string;
  /** The engine the run uses. */
  engine: EngineName;
  /** What the kernel's `applies` returned (the separable kernel's factors). */
  plan?: unknown;
}

/** Options of `dispatch`. */
export interface DispatchOptions {
  /**
   * Run on this engine (or the fastest slower one the kernel has), whatever the problem's size;
   * float64 data still runs on 'typescript'. Default: currentEngine(), and 'typescript' below SIMD_MIN_WORK.
   */
  engine?: EngineName;
}

/**
 * Below this many multiply-adds a WebAssembly call's fixed cost (copying in and out of its
 * memory) outweighs SIMD, and the TypeScript engine is faster (S1, an 8x8 toy layer: 0.027 ms
 * against 0.040 ms on the benchmark machine). The work of a layer is
 * N * C_out * (C_in/G) * taps * prod(out) of the forward convolution.
 *
 * @example
 * import { SIMD_MIN_WORK, convInfo, dispatch } from 'deconv';
 * console.log(SIMD_MIN_WORK); // => 2048
 * // By hand: a 3x3 kernel over an 8x8 image has 6x6 outputs, 9 * 36 = 324 < 2048 multiply-adds,
 * // so even float32 work runs on TypeScript, on every host.
 * const info = convInfo('example', [1, 1, 8, 8], [1, 1, 3, 3], {});
 * console.log(dispatch('conv', info, new Float32Array(9), 'float32').engine); // => typescript
 */
export const SIMD_MIN_WORK = 2048;

/** Multiply-adds of the layer: N * C_out * (C_in/G) * taps * prod(out) of the forward convolution (same for its transpose). */
export function workOf(info: ConvInfo): number {
  return info.batch * info.outChannels * (info.inChannels / info.groups) * sizeOf(info.kernel) * sizeOf(info.outShape);
}

/** The engine wanted for this problem (its record's cache) before the kernel is known. */
function wantedEngine(cache: RecordCache, dtype: DType, forced: EngineName | undefined): EngineName {
  if (forced !== undefined && !engineAvailable(forced)) fail('dispatch', `engine=${forced} must be one this host has: ${availableEngines().join(', ')}`);
  if (dtype !== 'float32') return 'typescript';
  if (forced !== undefined) return forced;
  return cache.work < SIMD_MIN_WORK ? 'typescript' : currentEngine();
}

/** The first engine, from `wanted` towards slower ones, that the run has and the host can run. */
function engineOf(engines: readonly EngineName[], wanted: EngineName): EngineName {
  for (let i = ENGINES.indexOf(wanted); i < ENGINES.length; i++) {
    if (engines.includes(ENGINES[i]) && engineAvailable(ENGINES[i])) return ENGINES[i];
  }
  return 'typescript';
}

/** The arguments of dispatch: an op, a ConvInfo from the shape module, weights or nothing, a dtype. */
function checkDispatch(op: unknown, info: unknown, w: unknown, dtype: unknown, options: unknown): void {
  const fn = 'dispatch';
  if (op !== 'conv' && op !== 'convTranspose' && op !== 'gradWeight') fail(fn, `op=${show(op)} must be "conv", "convTranspose" or "gradWeight"`, TypeError);
  if (info === null || typeof info !== 'object') fail(fn, `info=${show(info)} must be a ConvInfo (convInfo, convTransposeInfo)`, TypeError);
  for (const key of ['inShape', 'outShape', 'kernel', 'strides', 'dilations', 'padsBegin', 'padsEnd'] as const) {
    const value = (info as Record<string, unknown>)[key];
    if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v))) fail(fn, `info.${key}=${show(value)} must be an array of integers (a ConvInfo)`, TypeError);
  }
  if (w !== undefined && !ArrayBuffer.isView(w) && !Array.isArray(w)) fail(fn, `w=${show(w)} must be the weights' values or undefined`, TypeError);
  if (dtype !== 'float32' && dtype !== 'float64') fail(fn, `dtype=${show(dtype)} must be "float32" or "float64"`, TypeError);
  if (options === null || typeof options !== 'object') fail(fn, `options=${show(options)} must be an object`, TypeError);
}

/**
 * The kernel and engine for `op` on a validated record (from the checks module), the weights'
 * values (for conv and convTranspose; some kernels depend on them) and the output's dtype: the
 * first kernel of KERNELS that has a run for the op and applies; the engine is options.engine, or
 * 'typescript' for float64 data and below SIMD_MIN_WORK, or currentEngine(), lowered to the
 * fastest one the run has. { kernel: 'reference' } when none applies (spatial rank > 3).
 * Design after TensorFlow.js's kernel registry and backend selection (tfjs-core `getKernel`).
 *
 * Throws RangeError when options.engine is one this host lacks.
 *
 * @example
 * import { convInfo, dispatch } from 'deconv';
 * // By hand: 9 * 36 = 324 multiply-adds, small enough for the direct loops; float64 runs on TypeScript.
 * const small = convInfo('example', [1, 1, 8, 8], [1, 1, 3, 3], {});
 * console.log(dispatch('conv', small, new Float64Array(9), 'float64')); // => {"kernel":"direct","engine":"typescript"}
 * // Four spatial axes: no fast kernel, the op runs its definition loop.
 * const fourD = convInfo('example', [1, 1, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1], {});
 * console.log(dispatch('conv', fourD, undefined, 'float64')); // => {"kernel":"reference","engine":"typescript"}
 */
export function dispatch(op: KernelOp, info: ConvInfo, w: ArrayLike<number> | undefined, dtype: DType, options: DispatchOptions = {}): KernelChoice {
  checkDispatch(op, info, w, dtype, options);
  return choose(op, info, w, dtype, options.engine);
}

/**
 * `dispatch` without its argument checks, for the ops (internal): their record comes from the
 * checks module and their arguments passed its checks already; checking them again cost a tiny
 * layer's call about 1 microsecond, a third of its arithmetic.
 */
export function choose(op: KernelOp, info: ConvInfo, w: ArrayLike<number> | undefined, dtype: DType, engine?: EngineName): KernelChoice {
  const cache = cacheOf(info);
  const wanted = wantedEngine(cache, dtype, engine);
  // A number, not a text: building a key string cost a tiny layer's call a tenth of its time.
  const key = (opIndex(op) * 2 + (dtype === 'float32' ? 0 : 1)) * ENGINES.length + ENGINES.indexOf(wanted);
  const known = cache.choices.get(key);
  if (known !== undefined) return known;
  let readsWeights = false;
  for (const kernel of KERNELS) {
    const run = kernel[op];
    if (run === undefined) continue;
    readsWeights ||= kernel.readsWeights === true;
    const plan = kernel.applies({ op, info, w, dtype });
    if (plan === null || plan === undefined) continue;
    const choice = { kernel: kernel.name, engine: engineOf(run.engines, wanted), ...(plan === true ? {} : { plan }) };
    // A choice that no weight-dependent kernel took part in holds for every call with this record.
    if (!readsWeights) cache.choices.set(key, Object.freeze(choice));
    return choice;
  }
  return { kernel: 'reference', engine: 'typescript' };
}

/**
 * What the dispatcher derives from a record, kept per record (the checks module reuses the
 * records of repeated calls, so a figure's redraw finds them with one lookup): the choices per
 * op, dtype and engine, the 3-axis geometry and the output shapes.
 */
interface RecordCache {
  choices: Map<number, KernelChoice>;
  /** workOf(info), the multiply-adds that decide between TypeScript and SIMD. */
  work: number;
  geo?: Geometry3;
  /** The output's shape and size, per op. */
  conv?: OutputSize;
  convTranspose?: OutputSize;
}
interface OutputSize {
  shape: readonly number[];
  length: number;
  /** Values in x, w and y together (the same for both ops): what afterRun weighs the call by. */
  operands: number;
}

function outputSize(op: 'conv' | 'convTranspose', info: ConvInfo): OutputSize {
  const shape = op === 'conv' ? convOutputShape(info) : convTransposeOutputShape(info);
  const big = info.batch * info.inChannels * sizeOf(info.inShape);
  const small = info.batch * info.outChannels * sizeOf(info.outShape);
  const weights = info.outChannels * (info.inChannels / info.groups) * sizeOf(info.kernel);
  return { shape, length: sizeOf(shape), operands: big + small + weights };
}
const caches = new WeakMap<ConvInfo, RecordCache>();
const opIndex = (op: KernelOp) => (op === 'conv' ? 0 : op === 'convTranspose' ? 1 : 2);

function cacheOf(info: ConvInfo): RecordCache {
  let cache = caches.get(info);
  if (cache === undefined) caches.set(info, (cache = { choices: new Map(), work: workOf(info) }));
  return cache;
}

const BY_NAME = new Map(KERNELS.map((k) => [k.name, k]));

function kernelNamed<Op extends KernelOp>(name: string, op: Op): NonNullable<KernelConfig[Op]> {
  const run = BY_NAME.get(name)?.[op];
  if (run === undefined) fail('runKernel', `kernel=${JSON.stringify(name)} must be a registered kernel with a ${op} run`);
  return run as NonNullable<KernelConfig[Op]>;
}

/**
 * Whether a run that failed on a WebAssembly engine should run again on the TypeScript one: its
 * memory could not grow enough (a host limit, reached before any output is written).
 */
function outOfWasmMemory(engine: EngineName, e: unknown): boolean {
  return engine !== 'typescript' && e instanceof RangeError && /memory/i.test(e.message);
}

/**
 * y = conv(x, w) + bias (op 'conv') or convTranspose(x, w) + bias (op 'convTranspose') for a
 * validated record of spatial rank <= 3, by the choice (default: dispatch's). y has x's dtype.
 */
export function runKernel(
  op: 'conv' | 'convTranspose', info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined,
  choice: KernelChoice = choose(op, info, w.data, dtypeOf(x.data)),
): Tensor {
  const run = kernelNamed(choice.kernel, op);
  const cache = cacheOf(info);
  const out = (cache[op] ??= outputSize(op, info));
  const shape = out.shape.slice();
  // The checks module has held the output's size to MAX_ELEMENTS; allocate() would check it again.
  const y = x.data instanceof Float32Array ? new Float32Array(out.length) : new Float64Array(out.length);
  if (out.length === 0) return { shape, data: y };
  const args = { geo: (cache.geo ??= geometry3(info)), engine: choice.engine, plan: choice.plan, x: x.data, w: w.data, bias: bias?.data, y };
  try {
    run.run(args);
  } catch (e) {
    if (!outOfWasmMemory(choice.engine, e)) throw e;
    run.run({ ...args, engine: 'typescript' });
  }
  // The operands' bytes, from the record (three typed-array byteLength reads cost a tiny layer 2% of its call).
  afterRun(out.operands * y.BYTES_PER_ELEMENT);
  return { shape, data: y };
}

/**
 * dL/dw of the convolution described by the record, from its input x (big side) and output
 * gradient dy (small side), in the weight layout wShape and the given dtype.
 */
export function runGradWeight(
  info: ConvInfo, x: Tensor, dy: Tensor, wShape: readonly number[], dtype: DType,
  choice: KernelChoice = choose('gradWeight', info, undefined, dtype),
): Tensor {
  const run = kernelNamed(choice.kernel, 'gradWeight');
  const dw = allocate(dtype, sizeOf(wShape));
  if (info.batch > 0) {
    const args = { geo: geometry3(info), engine: choice.engine, plan: choice.plan, x: x.data, dy: dy.data, dw };
    try {
      run.run(args);
    } catch (e) {
      if (!outOfWasmMemory(choice.engine, e)) throw e;
      run.run({ ...args, engine: 'typescript' });
    }
    afterRun(x.data.byteLength + dy.data.byteLength + dw.byteLength);
  }
  return { shape: [...wShape], data: dw };
}

export { KERNELS } from './registry';
export type { KernelConfig, KernelOp } from './kernel';
