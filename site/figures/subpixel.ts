/**
 * Sub-pixel convolution (a stride-1 convolution to r² channels, then pixel shuffle) is a
 * transposed convolution (Shi et al. 2016): the r² small kernels, flipped, interleave as the
 * phases of one kernel r times larger (subPixelKernel), used with stride r and the pads of
 * subPixelConvTranspose. The figure checks it on a seeded random input: subPixelConvolution
 * against convTranspose with the equivalent weight. Taps are numbered 1, 2, 3, … so each
 * number can be found in both layouts. Drawing only.
 */
import {
  convTranspose, maxAbsDiff, phaseSums, randomTensor, reshape, subPixelConvolution, subPixelConvTranspose, tensor, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'r', label: 'factor r', kind: 'range', min: 2, max: 3, value: 2 },
  { name: 'K', label: 'conv kernel size K', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'p', label: 'conv padding p', kind: 'range', min: 0, max: 2, value: 0 },
];

export function limits(params: Params) {
  return { p: { min: 0, max: Number(params.K) - 1 } };
}

/** The figure in words: the interleaved kernel with its taps, the phase sums and the check. */
function description(r: number, K: number, p: number, big: Tensor, sums: Tensor, gap: number, lang: Lang): string {
  const f = (v: number) => label(v);
  return t('subpixel.desc.settings', lang, { r, block: r * r, K, p })
    + t('subpixel.desc.rest', lang, {
      kernel: matrixText(t('subpixel.desc.kernel', lang), rowsOf(big), f, lang), sums: Array.from(sums.data, f).join(', '), gap: gap === 0 ? '0' : gap.toExponential(1),
    });
}

export function render(params: Params, document: Document): Element {
  const r = Number(params.r);
  const K = Number(params.K);
  const p = Math.min(Number(params.p), K - 1);
  const lang = pageLang(document);
  const block = r * r;
  const w = tensor(Array.from({ length: block * K * K }, (_, i) => i + 1), [block, 1, K, K]);
  const { w: W, options } = subPixelConvTranspose(w, r, { pads: p });
  const x = randomTensor([1, 1, 6, 6], { seed: 8 });
  const viaShuffle = subPixelConvolution(x, w, r, { pads: p });
  const viaTranspose = convTranspose(x, W, options);
  const gap = maxAbsDiff(viaShuffle, viaTranspose);
  const size = K * r;
  const top = block * K * K;
  // Where sub-kernel 0 (phase (0, 0)) lands in the big kernel.
  const phase0 = Array.from({ length: size * size }, (_, e) => [Math.floor(e / size), e % size] as [number, number])
    .filter(([i, j]) => i % r === 0 && j % r === 0);
  const sums = phaseSums(reshape(W, [size, size]), r);
  const small = Array.from({ length: block }, (_, c) => grid(
    { shape: [K, K], data: w.data.subarray(c * K * K, (c + 1) * K * K) },
    { document, title: t('subpixel.title.channel', lang, { c, i: Math.floor(c / r), j: c % r }), scheme: 'sequential', domain: [0, top], cell: 24, highlight: c === 0 ? Array.from({ length: K * K }, (_, e) => [Math.floor(e / K), e % K] as [number, number]) : [] },
  ));
  return describe(keepSize(panels(document, [
    ...small,
    grid(reshape(W, [size, size]), { document, title: t('subpixel.title.big', lang, { size, r }), scheme: 'sequential', domain: [0, top], cell: 28, highlight: phase0 }),
    note(document, t('subpixel.note.weights', lang, {
      w: w.shape.join(', '), p, W: W.shape.join(', '), strides: String(options.strides), pads: (options.pads as number[]).join(', '),
    })
      + t('subpixel.note.check', lang, { shape: viaShuffle.shape.slice(2).join('×'), gap: gap === 0 ? '0' : gap.toExponential(1) })
      + t('subpixel.note.sums', lang, { size, r, block, sums: Array.from(sums.data, (v) => label(v)).join(', ') })),
  ])), description(r, K, p, reshape(W, [size, size]), sums, gap, lang));
}
