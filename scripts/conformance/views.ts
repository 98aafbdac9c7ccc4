/**
 * Every implementation of the transposed convolution in the core, by name: the conformance
 * vectors run against each of them.
 */
import {
  convTranspose, convTransposeReference, dispatch, dtypeOf, gradientConvTranspose, matrixConvTranspose, polyphase, scatter,
  zeroInsertion, type EngineName,
} from '../../src/index';
import { prepareConvTranspose } from '../../src/checks';
import { runKernel } from '../../src/fast/dispatch';
import type { ConvTransposeImpl } from './run';

/**
 * The kernel the dispatcher picks, forced onto one engine (the view is named after it): the
 * golden vectors are tiny, so the dispatcher alone would run them all on the TypeScript engine
 * (see SIMD_MIN_WORK). The WebAssembly engines apply to float32 data; float64 data stays on
 * 'typescript'. Spatial rank > 3 has no fast kernel and runs the reference loop.
 */
function onEngine(engine: EngineName): ConvTransposeImpl {
  return (x, w, options) => {
    const info = prepareConvTranspose(`fast-${engine}`, x, w, options);
    // Throws, naming what the host has, where the engine is missing.
    const choice = dispatch('convTranspose', info, w.data, dtypeOf(x.data), { engine });
    if (choice.kernel === 'reference') return convTransposeReference(x, w, options);
    return runKernel('convTranspose', info, x, w, options?.bias, choice);
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
  'fast-wasm-relaxed': onEngine('wasm-relaxed'),
  'fast-wasm-simd': onEngine('wasm-simd'),
  'fast-typescript': onEngine('typescript'),
  reference: convTransposeReference,
};
