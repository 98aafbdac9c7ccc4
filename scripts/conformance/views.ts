/**
 * Every implementation of the transposed convolution in the core, by name: the conformance
 * vectors run against each of them.
 */
import {
  convTranspose, convTransposeReference, dtypeOf, setEngine, fastConvTranspose, gradientConvTranspose, matrixConvTranspose, polyphase,
  scatter, selectConvTranspose, zeroInsertion,
} from '../../src/index';
import { runConvTranspose } from '../../src/fast/convolution';
import { prepareConvTranspose } from '../../src/ops';
import type { ConvTransposeImpl } from './run';

/**
 * The fast kernel the dispatcher picks, forced onto one engine: the golden vectors are tiny, so
 * the dispatcher alone would run them all on the TypeScript engine (see SIMD_MIN_WORK).
 * 'relaxed' and 'simd' pin that WebAssembly build (setEngine) and apply to float32 data;
 * float64 data stays on the TypeScript engine (engineOf).
 */
function onEngine(engine: 'relaxed' | 'simd' | 'scalar'): ConvTransposeImpl {
  return (x, w, options) => {
    const info = prepareConvTranspose(`fast-${engine}`, x, w, options);
    const choice = selectConvTranspose(info, w.data, dtypeOf(x.data));
    if (choice.kernel === 'reference') return convTransposeReference(x, w, options);
    if (engine === 'scalar') return runConvTranspose(info, x, w, options?.bias, { ...choice, engine });
    // Throws, naming what the host has, where relaxed SIMD is missing.
    const before = setEngine(engine === 'relaxed' ? 'wasm-relaxed' : 'wasm-simd');
    try {
      return runConvTranspose(info, x, w, options?.bias, { ...choice, engine: 'simd' });
    } finally {
      setEngine(before);
    }
  };
}

export const VIEWS: Record<string, ConvTransposeImpl> = {
  convTranspose,
  scatter,
  zeroInsertion,
  matrix: matrixConvTranspose,
  gradient: gradientConvTranspose,
  polyphase,
  // The fast kernels (GEMM/col2im, depthwise, separable) on each engine, and the gather they replace in convTranspose.
  fast: fastConvTranspose,
  'fast-relaxed': onEngine('relaxed'),
  'fast-simd': onEngine('simd'),
  'fast-ts': onEngine('scalar'),
  reference: convTransposeReference,
};
