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
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type MessageKey } from '../i18n';
import { en } from '../i18n/en';

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
  const lang = pageLang(document);
  const verdict = free
    ? t('checkerboard-overlap.note.free', lang, { count: s * s, value: label(sums.data[0], 3) })
    : t('checkerboard-overlap.note.notFree', lang, { sums: list(sums), s });
  const broken = d > 1 && !uniform ? t('checkerboard-overlap.note.broken', lang) : '';
  const overlap = t('checkerboard-overlap.note.overlap', lang, {
    uniform: t(uniform ? 'checkerboard-overlap.note.uniform' : 'checkerboard-overlap.note.notUniform', lang),
    pattern: list(pattern), mod: k % s, divisible: divisible ? t('checkerboard-overlap.note.divisible', lang, { broken }) : '',
  });
  const twist = uniform !== free
    ? t(uniform ? 'checkerboard-overlap.note.sizeOnly' : 'checkerboard-overlap.note.compensate', lang)
    : '';
  const kindKey = `checkerboard-overlap.desc.kind.${kind}`;
  const matrices = [
    matrixText(t('checkerboard-overlap.desc.kernel', lang), rowsOf(reshape(w, [k, k])), (v) => label(v), lang),
    matrixText(t('checkerboard-overlap.desc.taps', lang), rowsOf(pattern), (v) => label(v), lang),
    matrixText(t('checkerboard-overlap.desc.sums', lang), rowsOf(sums), (v) => label(v), lang),
    matrixText(t('checkerboard-overlap.desc.constant', lang), rowsOf(constant), (v) => label(v), lang),
  ].join(t('figure.desc.join', lang));
  return markCode(describe(keepSize(panels(document, [
    grid(reshape(w, [k, k]), { document, cell: 32, title: t('checkerboard-overlap.title.kernel', lang, { k }), scheme: 'sequential', digits: 2 }),
    grid(pattern, { ...small, title: t('checkerboard-overlap.title.taps', lang, { s }), scheme: 'sequential' }),
    grid(sums, { ...small, title: t('checkerboard-overlap.title.sums', lang), scheme: 'sequential', digits: 2 }),
    grid(counts, { ...big, title: t('checkerboard-overlap.title.counts', lang, { n: N, side }), scheme: 'sequential' }),
    grid(constant, { ...big, title: t('checkerboard-overlap.title.constant', lang), scheme: 'sequential', digits: 2 }),
    note(document, `${verdict} ${overlap}${twist}`),
  ])), t('checkerboard-overlap.desc.settings', lang, { k, kind: kindKey in en ? t(kindKey as MessageKey, lang) : kind, s, d })
    + `${t('figure.desc.sentence', lang, { text: matrices })} ${verdict}`));
}
