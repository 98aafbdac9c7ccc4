/**
 * Distill's overlap demonstration (Odena, Dumoulin & Olah 2016) in 2-D, with dilation and
 * any kernel: how many stamps reach each output of a transposed convolution (overlapCount),
 * the same per phase (overlapPattern), the chosen kernel's phase sums (phaseSums), what it
 * makes of a constant input (convTranspose), and the verdicts of hasUniformOverlap,
 * kernelDivisibleByStride and isCheckerboardFree. Drawing only.
 */
import {
  bilinearKernel, convTranspose, hasUniformOverlap, isCheckerboardFree, kernelDivisibleByStride, overlapCount,
  overlapPattern, phaseSums, randomTensor, reshape, tensor, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';

const N = 5;

export const controls: Control[] = [
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 6, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 4, value: 2 },
  { name: 'd', label: 'dilation d', kind: 'range', min: 1, max: 3, value: 1 },
  {
    name: 'kernel', label: 'kernel', kind: 'select', value: 'ones',
    options: [
      { value: 'ones', label: 'all ones' },
      { value: 'bilinear', label: 'bilinear (FCN, size k)' },
      { value: 'random', label: 'random (seeded, in [0, 1])' },
    ],
  },
];

function kernelOf(kind: string, k: number): Tensor {
  if (kind === 'bilinear') return bilinearKernel(k);
  if (kind === 'random') return randomTensor([k, k], { seed: 11, min: 0, max: 1 });
  return tensor(new Float64Array(k * k).fill(1), [k, k]);
}

const list = (t: Tensor) => Array.from(t.data, (v) => label(v, 3)).join(', ');

export function render(params: Params, document: Document): Element {
  const [k, s, d] = ['k', 's', 'd'].map((key) => Number(params[key]));
  const kind = String(params.kernel);
  const w = kernelOf(kind, k);
  const options = { strides: s, dilations: d };
  const counts = overlapCount([N, N], [k, k], options);
  const pattern = overlapPattern([k, k], s, d);
  const sums = phaseSums(w, s, d);
  const constant = convTranspose(tensor(new Float64Array(N * N).fill(1), [1, 1, N, N]), reshape(w, [1, 1, k, k]), options);
  const uniform = hasUniformOverlap([k, k], s, d);
  const divisible = kernelDivisibleByStride([k, k], s);
  const free = isCheckerboardFree(w, s, d);
  const side = counts.shape[0];
  const cell = side <= 13 ? 20 : Math.max(7, Math.floor(250 / side));
  const big = { document, cell, values: side <= 13 };
  const small = { document, cell: 28, values: s <= 4 };
  const verdict = free
    ? `isCheckerboardFree: yes. All ${s * s} phase sums are equal (${label(sums.data[0], 3)}), so a constant input gives a constant output away from the border.`
    : `isCheckerboardFree: no. The phase sums differ (${list(sums)}), so even a constant input comes out as a pattern with period ${s}.`;
  const overlap = `Overlap ${uniform ? 'is uniform' : 'is not uniform'} (per phase: ${list(pattern)}); k mod s = ${k % s}${divisible ? ' (k divisible by s' + (d > 1 && !uniform ? ', yet dilation breaks it' : '') + ')' : ''}.`;
  const twist = uniform !== free
    ? uniform
      ? ' Uniform overlap is about the kernel\'s size only: this kernel\'s taps still weigh the phases differently.'
      : ' The overlap is uneven, but this kernel\'s weights compensate: its phase sums agree.'
    : '';
  return describe(keepSize(panels(document, [
    grid(reshape(w, [k, k]), { document, cell: 32, title: `kernel (${k}×${k})`, scheme: 'sequential', digits: 2 }),
    grid(pattern, { ...small, title: `taps per phase (stride ${s})`, scheme: 'sequential' }),
    grid(sums, { ...small, title: 'phase sums', scheme: 'sequential', digits: 2 }),
    grid(counts, { ...big, title: `stamps per output (${N}×${N} → ${side}×${side})`, scheme: 'sequential' }),
    grid(constant, { ...big, title: 'constant input of ones → output', scheme: 'sequential', digits: 2 }),
    note(document, `${verdict} ${overlap}${twist}`),
  ])), `Kernel ${k}×${k} (${kind}), stride ${s}, dilation ${d}. ${[matrixText('kernel', rowsOf(reshape(w, [k, k])), (v) => label(v)), matrixText('taps per phase', rowsOf(pattern), (v) => label(v)), matrixText('phase sums', rowsOf(sums), (v) => label(v)), matrixText('constant input of ones, output', rowsOf(constant), (v) => label(v))].join('. ')}. ${verdict}`);
}
