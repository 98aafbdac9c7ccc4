/**
 * The fast path of `conv` and `convTranspose`: same operator, same arguments, same checks,
 * computed by the kernel `select.ts` picks (GEMM with im2col/col2im, depthwise, separable).
 * float64 data and hosts without WebAssembly SIMD run the TypeScript kernels, which sum in
 * double precision; float32 data runs the WebAssembly SIMD kernels (`simdGemm.ts`,
 * `simdDepthwise.ts`), which sum in float32. The result has the dtype of x, as everywhere in the core.
 */
import { fail } from '../errors';
import { prepareConv, prepareConvTranspose } from '../ops';
import { convOutputShape, convTransposeOutputShape, type ConvInfo, type ConvOptions, type ConvTransposeOptions } from '../shape';
import { allocate, dtypeOf, sizeOf, type Tensor } from '../tensor';
import { depthwiseConv, depthwiseConvTranspose } from './depthwise';
import { geometry3, MAX_FAST_RANK } from './geometry';
import { scalarGemm, type GemmEngine } from './gemm';
import { gemmConv, gemmConvTranspose } from './lowered';
import { currentEngine, selectConv, selectConvTranspose, type KernelChoice } from './select';
import { separableConv, separableConvTranspose } from './separable';
import { simdDepthwiseAvailable, simdDepthwiseConvTranspose, simdSeparableConvTranspose } from './simdDepthwise';
import { simdGemm } from './simdGemm';

/**
 * Runs `compute` with the choice; if the SIMD kernels' WebAssembly memory cannot grow enough
 * (a host limit, reached before any output is written), runs it again on the scalar engine.
 */
function withFallback(choice: KernelChoice, compute: (choice: KernelChoice) => Tensor): Tensor {
  try {
    return compute(choice);
  } catch (e) {
    if (choice.engine !== 'simd' || !(e instanceof RangeError) || !/memory/i.test(e.message)) throw e;
    return compute({ ...choice, engine: 'scalar' });
  }
}

/**
 * y = convTranspose(x, w) + bias for a validated record (prepareConvTranspose) of spatial
 * rank <= 3, by the given (or selected) kernel; 'reference' is not handled here.
 */
export function runConvTranspose(info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice = selectConvTranspose(info, w.data, dtypeOf(x.data))): Tensor {
  return withFallback(choice, (c) => computeConvTranspose(info, x, w, bias, c));
}

function computeConvTranspose(info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice): Tensor {
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const geo = geometry3(info);
  const b = bias?.data;
  const simd = choice.engine === 'simd' && x.data instanceof Float32Array && y instanceof Float32Array && simdDepthwiseAvailable();
  switch (choice.kernel) {
    case 'separable':
      if (simd) simdSeparableConvTranspose(geo, x.data as Float32Array, choice.factors!, b, y as Float32Array);
      else separableConvTranspose(geo, x.data, choice.factors!, b, y);
      break;
    case 'depthwise':
      if (simd) simdDepthwiseConvTranspose(geo, x.data as Float32Array, w.data, b, y as Float32Array);
      else depthwiseConvTranspose(geo, x.data, w.data, b, y);
      break;
    default:
      gemmConvTranspose(engineOf(choice, x.data), geo, x.data, w.data, b, y);
  }
  return { shape, data: y };
}

/** y = conv(x, w) + bias for a validated record (prepareConv) of spatial rank <= 3. */
export function runConv(info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice = selectConv(info, w.data, dtypeOf(x.data))): Tensor {
  return withFallback(choice, (c) => computeConv(info, x, w, bias, c));
}

function computeConv(info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice): Tensor {
  const shape = convOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const geo = geometry3(info);
  const b = bias?.data;
  switch (choice.kernel) {
    case 'separable':
      separableConv(geo, x.data, choice.factors!, b, y);
      break;
    case 'depthwise':
      depthwiseConv(geo, x.data, w.data, b, y);
      break;
    default:
      gemmConv(engineOf(choice, x.data), geo, x.data, w.data, b, y);
  }
  return { shape, data: y };
}

/**
 * The GEMM engine of a choice for data x: for 'simd' and float32 data, the relaxed-SIMD build
 * when that is the current engine (setEngine), else the plain one; the scalar engine for
 * float64 data (the SIMD engines sum in float32) and where SIMD is unavailable.
 */
export function engineOf(choice: KernelChoice, x: ArrayLike<number>): GemmEngine {
  if (choice.engine !== 'simd' || !(x instanceof Float32Array)) return scalarGemm;
  return (currentEngine() === 'wasm-relaxed' ? simdGemm(true) : null) ?? simdGemm() ?? scalarGemm;
}

function checkRank(fn: string, info: ConvInfo): void {
  if (info.rank > MAX_FAST_RANK) fail(fn, `spatial rank ${info.rank} must be <= ${MAX_FAST_RANK} (the fast kernels cover 1-D, 2-D and 3-D)`);
}

/**
 * The transposed convolution by the fast kernels alone (the view the conformance vectors and
 * property tests run); `convTranspose` is this plus the reference loop for spatial rank > 3.
 * Same arguments and result as `convTranspose`.
 */
export function fastConvTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('fastConvTranspose', x, w, options);
  checkRank('fastConvTranspose', info);
  return runConvTranspose(info, x, w, options?.bias);
}

/** The convolution by the fast kernels alone; same arguments and result as `conv` (spatial rank <= 3). */
export function fastConv(x: Tensor, w: Tensor, options?: ConvOptions): Tensor {
  const info = prepareConv('fastConv', x, w, options);
  checkRank('fastConv', info);
  return runConv(info, x, w, options?.bias);
}
