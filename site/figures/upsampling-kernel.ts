/**
 * FCN's bilinear up-sampling kernel for a factor f: the layer's kernel size, stride and pad
 * (upsamplingParameters), the k×k kernel (bilinearKernel) as a heatmap, its 1-D profile
 * (bilinearProfile) with the centre and factor (bilinearParameters), and the phase sums for
 * stride f (phaseSums): every phase sums to 1, which is why a constant input stays constant.
 */
import { bilinearKernel, bilinearParameters, bilinearProfile, isCheckerboardFree, phaseSums, upsamplingParameters, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf, stemPlot } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'f', label: 'up-sampling factor f', kind: 'range', min: 1, max: 8, value: 2 },
];

/** The figure in words: the layer's parameters, the profile, the kernel and its phase sums. */
function description(f: number, k: number, s: number, p: number, w: Tensor, profile: number[], sums: Tensor, lang: Lang): string {
  return t('upsampling-kernel.desc.text', lang, {
    f, k, s, p, profile: profile.map((v) => label(v, 3)).join(', '),
    kernel: matrixText(t('upsampling-kernel.desc.kernel', lang), rowsOf(w), (v) => label(v, 2), lang), sums: Array.from(sums.data, (v) => label(v, 6)).join(', '),
  });
}

export function render(params: Params, document: Document): Element {
  const f = Number(params.f);
  const lang = pageLang(document);
  const { kernel: k, stride: s, pad: p } = upsamplingParameters(f);
  const { factor, center } = bilinearParameters(k);
  const w = bilinearKernel(k);
  const profile = Array.from(bilinearProfile(k), (v, i) => ({ i, v }));
  const sums = phaseSums(w, s);
  const cell = k <= 4 ? 38 : k <= 8 ? 32 : Math.max(12, Math.floor(300 / k));
  const profilePlot = stemPlot({ p: profile.map((d) => d.v) }, {
    document,
    title: t('upsampling-kernel.title.profile', lang, { c: label(center), factor }),
    width: Math.max(220, k * 26 + 60),
    height: 190,
    xLabel: t('upsampling-kernel.axis.tap', lang),
    everyIndex: true, yDomain: [0, 1], color: '#1c7ed6', strokeWidth: 2, marker: center,
    ...(k <= 8 ? { valueDigits: 3 } : {}),
  });
  return describe(keepSize(panels(document, [
    grid(w, { title: t('upsampling-kernel.title.kernel', lang, { k }), document, scheme: 'sequential', domain: [0, 1], cell, values: k <= 8, digits: 2 }),
    profilePlot,
    grid(sums, { title: t('upsampling-kernel.title.sums', lang, { s }), document, scheme: 'sequential', domain: [0, 1.6], cell: 30, values: s <= 4 }),
    note(document, t('upsampling-kernel.note.layer', lang, { f, k, s, p, pp: 2 * p })
      + t(k % 2 ? 'upsampling-kernel.note.centreOdd' : 'upsampling-kernel.note.centreEven', lang, { factor, c: label(center) })
      + t(isCheckerboardFree(w, s) ? 'upsampling-kernel.note.sumsYes' : 'upsampling-kernel.note.sumsNo', lang, { count: s * s, sum: label(sums.data[0], 6) })),
  ])), description(f, k, s, p, w, profile.map((d) => d.v), sums, lang));
}
