/**
 * The toy layer's cost against a plain loop (issue 13: figures redraw many tiny layers, so a
 * call should cost at most twice the loop that computes it). convTranspose of x 1x1x8x8 with a
 * 3x3 kernel, stride 2, pad 1 -> 1x1x15x15, called as a user calls it (the public function,
 * with its checks), against the same scatter written as four nested loops with constant sizes,
 * on the same typed arrays, allocating the same output array. Both are timed in this process,
 * in CPU time (process.cpuUsage, so that other processes on a shared machine count less), in
 * paired rounds: each round times `calls` calls of one then of the other (the order alternates
 * from round to round), and the round's ratio compares the two. Reported: the median of the
 * rounds' ratios (the figure of merit) with its quartiles, and the median and best time per call
 * of each. Run for float32 (what the bench's S1 runs) and float64 (what figures mostly draw).
 * A measurement, never a test.
 */
import { convTranspose, maxAbsDiff, randomTensor, tensor } from '../src/index';
import type { DType } from '../src/tensor';

/**
 * y = convTranspose(x, w, {strides: 2, pads: 1}) for x 8x8 and w 3x3, as one plain loop nest:
 * y[2i + a - 1, 2j + b - 1] += x[i, j] w[a, b], writing into a new Float32Array.
 */
function plainLoop32(x: Float32Array, w: Float32Array): Float32Array {
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

/**
 * The same loop on Float64Arrays: a copy, not one function for both types, so that each loop
 * sees one array type (V8 slows a loop that has seen two).
 */
function plainLoop64(x: Float64Array, w: Float64Array): Float64Array {
  const y = new Float64Array(15 * 15);
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
  dtype: DType;
  rounds: number;
  callsPerRound: number;
  /** Median and best CPU microseconds per call over the rounds. */
  coreMicroseconds: number;
  plainMicroseconds: number;
  coreBestMicroseconds: number;
  plainBestMicroseconds: number;
  /** Median over the rounds of (core time / plain-loop time) in the same round, and its quartiles. */
  ratio: number;
  ratioQuartiles: [number, number];
}

function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/** CPU microseconds per call of f over `calls` calls. */
function cpuPerCall(f: () => unknown, calls: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

export function toyLayer(dtype: DType = 'float32', rounds = 41, calls = 4000): ToyResult {
  const x = randomTensor([1, 1, 8, 8], { seed: 1, dtype });
  const w = randomTensor([1, 1, 3, 3], { seed: 2, dtype });
  const options = { strides: 2, pads: 1 };
  const plain = x.data instanceof Float32Array ? () => plainLoop32(x.data as Float32Array, w.data as Float32Array) : () => plainLoop64(x.data as Float64Array, w.data as Float64Array);
  const core = () => convTranspose(x, w, options);
  const agree = maxAbsDiff(core(), tensor(plain(), [1, 1, 15, 15]));
  if (!(agree < 1e-5)) throw new Error(`toy layer: convTranspose and the plain loop differ by ${agree}`);
  // Warm-up: both compiled by the optimizing tier before the first timed round.
  cpuPerCall(core, calls);
  cpuPerCall(plain, calls);
  const coreTimes: number[] = [];
  const plainTimes: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let c: number, p: number;
    if (r % 2 === 0) {
      c = cpuPerCall(core, calls);
      p = cpuPerCall(plain, calls);
    } else {
      p = cpuPerCall(plain, calls);
      c = cpuPerCall(core, calls);
    }
    coreTimes.push(c);
    plainTimes.push(p);
    ratios.push(c / p);
  }
  const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [cs, ps, rs] = [sort(coreTimes), sort(plainTimes), sort(ratios)];
  return {
    dtype, rounds, callsPerRound: calls,
    coreMicroseconds: quantile(cs, 0.5), plainMicroseconds: quantile(ps, 0.5),
    coreBestMicroseconds: cs[0], plainBestMicroseconds: ps[0],
    ratio: quantile(rs, 0.5), ratioQuartiles: [quantile(rs, 0.25), quantile(rs, 0.75)],
  };
}

/** One line for the bench's report. */
export function describeToy(t: ToyResult): string {
  return `toy layer (${t.dtype} 1x1x8x8, k3 s2 p1 -> 15x15; ${t.rounds} paired rounds of ${t.callsPerRound} calls, CPU time): ` +
    `convTranspose ${t.coreMicroseconds.toFixed(2)} us (best ${t.coreBestMicroseconds.toFixed(2)}), ` +
    `plain loop ${t.plainMicroseconds.toFixed(2)} us (best ${t.plainBestMicroseconds.toFixed(2)}), ` +
    `ratio ${t.ratio.toFixed(2)}x (quartiles ${t.ratioQuartiles[0].toFixed(2)}-${t.ratioQuartiles[1].toFixed(2)}; target <= 2x)`;
}

// `npx tsx bench/toy.ts [runs]`: the toy layer alone (npm run bench reports it after the shapes).
if (process.argv[1]?.endsWith('toy.ts')) {
  const runs = Number(process.argv[2] ?? 1);
  for (let i = 0; i < runs; i++) for (const dtype of ['float32', 'float64'] as const) console.log(describeToy(toyLayer(dtype)));
}
