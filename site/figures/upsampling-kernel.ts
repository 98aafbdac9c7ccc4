/**
 * FCN's bilinear up-sampling kernel for a factor f: the layer's kernel size, stride and pad
 * (upsamplingParameters), the k×k kernel (bilinearKernel) as a heatmap, its 1-D profile
 * (bilinearProfile) with the centre and factor (bilinearParameters), and the phase sums for
 * stride f (phaseSums): every phase sums to 1, which is why a constant input stays constant.
 */
import * as Plot from '@observablehq/plot';
import { bilinearKernel, bilinearParameters, bilinearProfile, isCheckerboardFree, phaseSums, upsamplingParameters, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';

export const controls: Control[] = [
  { name: 'f', label: 'up-sampling factor f', kind: 'range', min: 1, max: 8, value: 2 },
];

/** The figure in words: the layer's parameters, the profile, the kernel and its phase sums. */
function description(f: number, k: number, s: number, p: number, w: Tensor, profile: number[], sums: Tensor): string {
  return `Factor ${f}: kernel size ${k}, stride ${s}, pad ${p}. Profile ${profile.map((v) => label(v, 3)).join(', ')}. `
    + `${matrixText('kernel w', rowsOf(w), (v) => label(v, 2))}. Phase sums ${Array.from(sums.data, (v) => label(v, 6)).join(', ')}.`;
}

export function render(params: Params, document: Document): Element {
  const f = Number(params.f);
  const { kernel: k, stride: s, pad: p } = upsamplingParameters(f);
  const { factor, center } = bilinearParameters(k);
  const w = bilinearKernel(k);
  const profile = Array.from(bilinearProfile(k), (v, i) => ({ i, v }));
  const sums = phaseSums(w, s);
  const cell = k <= 4 ? 38 : k <= 8 ? 32 : Math.max(12, Math.floor(300 / k));
  const profilePlot = Plot.plot({
    document,
    title: `profile p[j] = 1 − |j − ${label(center)}| / ${factor}`,
    width: Math.max(220, k * 26 + 60),
    height: 190,
    marginLeft: 36,
    x: { label: 'tap j', domain: [-0.5, k - 0.5], ticks: Array.from({ length: k }, (_, i) => i), tickFormat: 'd' },
    y: { label: null, domain: [0, 1], grid: true },
    marks: [
      Plot.ruleX([center], { stroke: '#e8590c', strokeDasharray: '4 3' }),
      Plot.ruleX(profile, { x: 'i', y: 'v', stroke: '#1c7ed6', strokeWidth: 2 }),
      Plot.dot(profile, { x: 'i', y: 'v', fill: '#1c7ed6', r: 3.5 }),
      ...(k <= 8 ? [Plot.text(profile, { x: 'i', y: 'v', text: (d: { v: number }) => label(d.v, 3), dy: -10, fontSize: 9 })] : []),
    ],
  });
  return describe(keepSize(panels(document, [
    grid(w, { title: `kernel w = p ⊗ p (${k}×${k})`, document, scheme: 'sequential', domain: [0, 1], cell, values: k <= 8, digits: 2 }),
    profilePlot,
    grid(sums, { title: `phase sums, stride ${s}`, document, scheme: 'sequential', domain: [0, 1.6], cell: 30, values: s <= 4 }),
    note(document, `Factor f = ${f}: kernel k = 2f − f mod 2 = ${k}, stride s = f = ${s}, pad p = ⌈(f − 1)/2⌉ = ${p}, so n inputs give ${s}(n − 1) + ${k} − ${2 * p} = ${f}n outputs. `
      + `The kernel's own factor ⌈k/2⌉ = ${factor} equals f, and its centre is ${label(center)} (${k % 2 ? 'odd k: factor − 1' : 'even k: factor − ½'}). `
      + `Every one of the ${s * s} phase sums is ${label(sums.data[0], 6)}: isCheckerboardFree says ${isCheckerboardFree(w, s) ? 'yes' : 'no'}.`),
  ])), description(f, k, s, p, w, profile.map((d) => d.v), sums));
}
