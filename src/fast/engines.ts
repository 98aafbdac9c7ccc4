/**
 * The engines, in one vocabulary used everywhere (API, dispatcher, tests, bench, conformance
 * views). float32 work can run on, fastest first:
 *   'wasm-relaxed'  WebAssembly SIMD with relaxed-SIMD fused multiply-add in the GEMM
 *                   (Chromium 114+; Node only with --experimental-wasm-relaxed-simd)
 *   'wasm-simd'     WebAssembly SIMD, f32x4 multiply then add (every current browser, Node 16.4+)
 *   'typescript'    plain TypeScript, sums in float64 (any host; float64 data always runs here)
 */
import { fail, show } from '../errors';
import { scalarGemm, type GemmEngine } from './gemm';
import { simdGemm } from './simdGemm';

/** The name of an engine: 'wasm-relaxed', 'wasm-simd' or 'typescript' (see the file's comment). */
export type EngineName = 'wasm-relaxed' | 'wasm-simd' | 'typescript';
/** Every engine, fastest first. */
export const ENGINES: readonly EngineName[] = ['wasm-relaxed', 'wasm-simd', 'typescript'];

let preferred: EngineName | 'auto' = 'auto';

/** Whether this host can run the engine ('typescript' always). */
export function engineAvailable(engine: EngineName): boolean {
  return engine === 'typescript' || simdGemm(engine === 'wasm-relaxed') !== null;
}

/**
 * The engines this host can run, fastest first ('typescript' always, last). A WebAssembly engine
 * is available when its module compiles here (WebAssembly.validate of a SIMD / relaxed-SIMD module;
 * WebAssembly SIMD proposal https://github.com/WebAssembly/simd). Throws nothing.
 *
 * @example
 * import { availableEngines } from 'deconv';
 * // Which WebAssembly engines appear depends on the host; the TypeScript engine is always there, last.
 * console.log(availableEngines().includes('typescript'), availableEngines().at(-1)); // => true typescript
 */
export function availableEngines(): EngineName[] {
  return ENGINES.filter(engineAvailable);
}

/**
 * Chooses the engine for float32 work: 'auto' (the default) takes the fastest available;
 * 'typescript' forces the pure-TypeScript path (to compare, or to get float64 sums for
 * float32 data). Returns the previous setting, so that a caller can put it back.
 *
 * Throws RangeError for a name that is not an engine, or an engine the host lacks (naming what it has).
 *
 * @example
 * import { currentEngine, setEngine } from 'deconv';
 * const before = setEngine('typescript');
 * try {
 *   console.log(before, currentEngine()); // => auto typescript
 * } finally {
 *   setEngine(before);
 * }
 * try {
 *   setEngine('gpu' as never);
 * } catch (e) {
 *   console.log((e as Error).message); // => setEngine: engine=gpu must be one of auto, wasm-relaxed, wasm-simd, typescript
 * }
 */
export function setEngine(engine: EngineName | 'auto'): EngineName | 'auto' {
  if (typeof engine !== 'string') fail('setEngine', `engine=${show(engine)} must be a string`, TypeError);
  if (engine !== 'auto' && !ENGINES.includes(engine)) {
    fail('setEngine', `engine=${engine} must be one of auto, ${ENGINES.join(', ')}`);
  }
  if (engine !== 'auto' && !engineAvailable(engine)) {
    fail('setEngine', `engine=${engine} must be one this host has: auto, ${availableEngines().join(', ')}`);
  }
  const before = preferred;
  preferred = engine;
  return before;
}

/**
 * The engine float32 work runs on now (after setEngine, or the fastest available). Throws nothing.
 *
 * @example
 * import { availableEngines, currentEngine, setEngine } from 'deconv';
 * // With 'auto' it is the first (fastest) available engine, whichever this host has.
 * console.log(currentEngine() === availableEngines()[0]); // => true
 * const before = setEngine('typescript');
 * console.log(currentEngine()); // => typescript
 * setEngine(before);
 */
export function currentEngine(): EngineName {
  return preferred === 'auto' ? availableEngines()[0] : preferred;
}

/** The packed-GEMM engine of an engine name (the caller picked an available one). */
export function gemmEngine(engine: EngineName): GemmEngine {
  if (engine === 'typescript') return scalarGemm;
  return simdGemm(engine === 'wasm-relaxed') ?? scalarGemm;
}
