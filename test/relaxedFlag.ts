/**
 * Whether this Node accepts --experimental-wasm-relaxed-simd: Node 20 needs it for relaxed
 * SIMD; a later Node that ships the feature may drop the flag (and then refuse to start with
 * it), so tests that spawn a flagged child ask first.
 */
import { spawnSync } from 'node:child_process';

export const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
export const relaxedFlagAccepted = spawnSync(process.execPath, [RELAXED_FLAG, '-e', '0']).status === 0;
