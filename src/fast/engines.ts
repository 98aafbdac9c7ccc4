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

export type EngineName = 'wasm-relaxed' | 'wasm-simd' | 'typescript';
/** Every engine, fastest first. */
export const ENGINES: readonly EngineName[] = ['wasm-relaxed', 'wasm-simd', 'typescript'];

let preferred: EngineName | 'auto' = 'auto';

/** Whether this host can run the engine ('typescript' always). */
export function engineAvailable(engine: EngineName): boolean {
  return engine === 'typescript' || simdGemm(engine === 'wasm-relaxed') !== null;
}

/** The engines this host can run, fastest first ('typescript' always). */
export function availableEngines(): EngineName[] {
  return ENGINES.filter(engineAvailable);
}

/**
 * Chooses the engine for float32 work: 'auto' (the default) takes the fastest available;
 * 'typescript' forces the pure-TypeScript path (to compare, or to get float64 sums for
 * float32 data). Asking for an engine the host lacks throws, naming what it has. Returns the
 * previous setting, so that a caller can put it back:
 *     const before = setEngine('typescript'); try { ... } finally { setEngine(before); }
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

/** The engine float32 work runs on now (after setEngine, or the fastest available). */
export function currentEngine(): EngineName {
  return preferred === 'auto' ? availableEngines()[0] : preferred;
}

/** The packed-GEMM engine of an engine name (the caller picked an available one). */
export function gemmEngine(engine: EngineName): GemmEngine {
  if (engine === 'typescript') return scalarGemm;
  return simdGemm(engine === 'wasm-relaxed') ?? scalarGemm;
}
