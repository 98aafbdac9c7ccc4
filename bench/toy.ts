/**
 * The toy layer's cost against a plain loop (issue 13: figures redraw many tiny layers, so a
 * call should cost at most twice the loop that computes it). convTranspose of x 1x1x8x8
 * (float32) with a 3x3 kernel, stride 2, pad 1 -> 1x1x15x15, against the same scatter written
 * as four nested loops with constant sizes. Both are timed in this process, interleaved, in
 * CPU time (process.cpuUsage, so that other processes on a shared machine count less), and
 * the best of the rounds is kept. A measurement, never a test.
 */
import { convTranspose, maxAbsDiff, randomTensor, tensor } from '../src/index';

/** y = convTranspose(x, w, {strides: 2, pads: 1}) for x 8x8 and w 3x3, as one plain loop nest. */
function plainLoop(x: Float32Array, w: Float32Array): Float32Array {
  const y = new Float32Array(15 * 15);
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      const v = x[i * 8 + j];
      for (let a = 0; a < 3; a++) {
        const r = i * 2 + a - 1;
        if (r < 0 || r >= 15) continue;
        for (let b = 0; b < 3; b++) {
          const c = j * 2 + b - 1;
          if (c >= 0 && c < 15) y[r * 15 + c] += v * w[a * 3 + b];
        }
      }
    }
  }
  return y;
}

export interface ToyResult {
  coreMicroseconds: number;
  plainMicroseconds: number;
  ratio: number;
}

export function toyLayer(rounds = 20, calls = 4000): ToyResult {
  const x = randomTensor([1, 1, 8, 8], { seed: 1, dtype: 'float32' });
  const w = randomTensor([1, 1, 3, 3], { seed: 2, dtype: 'float32' });
  const options = { strides: 2, pads: 1 };
  const plain = () => plainLoop(x.data as Float32Array, w.data as Float32Array);
  const core = () => convTranspose(x, w, options);
  const agree = maxAbsDiff(core(), tensor(plain(), [1, 1, 15, 15]));
  if (!(agree < 1e-5)) throw new Error(`toy layer: convTranspose and the plain loop differ by ${agree}`);
  const best = { core: Infinity, plain: Infinity };
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of [['core', core], ['plain', plain]] as const) {
      const start = process.cpuUsage();
      for (let i = 0; i < calls; i++) f();
      const used = process.cpuUsage(start);
      best[name] = Math.min(best[name], (used.user + used.system) / calls);
    }
  }
  return { coreMicroseconds: best.core, plainMicroseconds: best.plain, ratio: best.core / best.plain };
}
