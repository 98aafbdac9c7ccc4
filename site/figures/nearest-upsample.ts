/**
 * Nearest-neighbour up-sampling followed by a convolution is one transposed convolution with
 * a larger kernel. Nearest up-sampling is U_s followed by a box of s ones, so the combined
 * impulse response is the box convolved with the convolution's: for k = 3, s = 2,
 * h = [g0, g0+g1, g1+g2, g2] (taps indexed by j, k the kernel size). The figure runs both paths through the core (nearestUpsample +
 * conv, and convTranspose with nearestUpsampleConvTranspose's kernel and pads) and compares
 * them. The impulse response is 1, 2, 4, ... so each entry of h names the taps that sum into it.
 */
import {
  conv, convTranspose, flipKernel, maxAbsDiff, nearestUpsample, nearestUpsampleConvTranspose, tensor, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';

export const controls: Control[] = [
  { name: 'k', label: 'conv kernel size k', kind: 'range', min: 1, max: 4, value: 3 },
  { name: 's', label: 'up-sampling factor s', kind: 'range', min: 1, max: 4, value: 2 },
  { name: 'n', label: 'input length', kind: 'range', min: 2, max: 6, value: 4 },
  { name: 'p', label: 'conv padding p', kind: 'range', min: 0, max: 3, value: 1 },
];

const sub = (v: number) => String(v).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]);

/** Which powers of two make up v: the taps g_j whose sum it is (v is a sum of distinct powers of two). */
function taps(v: number): string {
  const names: string[] = [];
  for (let j = 0; 2 ** j <= v; j++) if (Math.floor(v / 2 ** j) % 2 === 1) names.push(`g${sub(j)}`);
  return names.join(' + ') || '0';
}

/** The figure in words: both kernels, the input, and the two paths' outputs with their values. */
function description(k: number, s: number, p: number, [g, h, x, up, viaNearest, viaTranspose]: Tensor[]): string {
  const f = (v: number) => label(v);
  const row = (name: string, t: Tensor) => matrixText(name, [Array.from(t.data)], f);
  return `Kernel size ${k}, factor ${s}, padding ${p}. `
    + [row('impulse response g', g), row('transposed-conv kernel h', h), row('input x', x), row(`nearest up-sampling ×${s}`, up),
      row('then conv with g', viaNearest), row('one transposed conv', viaTranspose)].join('. ') + '.';
}

export function render(params: Params, document: Document): Element {
  const [k, s, n, p] = ['k', 's', 'n', 'p'].map((key) => Number(params[key]));
  // Impulse response g = 1, 2, 4, ...; frameworks correlate, so the conv weight is g reversed.
  const g = tensor(Array.from({ length: k }, (_, j) => 2 ** j), [1, 1, k]);
  const q = flipKernel(g);
  const x = tensor([3, 1, 4, 1, 5, 9].slice(0, n), [1, 1, n]);
  const { w: h, options } = nearestUpsampleConvTranspose(q, s, { pads: p });
  const up = nearestUpsample(x, s);
  const viaNearest = conv(up, q, { pads: p });
  const viaTranspose = convTranspose(x, h, options);
  const gap = maxAbsDiff(viaNearest, viaTranspose);
  const hs = Array.from(h.data);
  const row = (t: { data: ArrayLike<number> }) => [Array.from(t.data)];
  const extent = Math.max(...viaNearest.data, ...viaTranspose.data);
  const out = { document, scheme: 'sequential' as const, domain: [0, extent] as [number, number], cell: 26 };
  return describe(panels(document, [
    grid(rowsOf([Array.from(g.data)]), { document, scheme: 'sequential', title: `impulse response g (k = ${k}: ${k === 1 ? 'g₀' : `g₀ … g${sub(k - 1)}`})`, cell: 26 }),
    grid(rowsOf([hs]), { document, scheme: 'sequential', title: `transposed-conv kernel h (${hs.length} = k + s − 1 taps)`, cell: 26 }),
    note(document, `h = box of ${s} ones ∗ g = [${hs.map(taps).join(', ')}]`),
    grid(row(x), { document, scheme: 'sequential', title: 'input x', cell: 26, domain: [0, 9] }),
    grid(row(up), { document, scheme: 'sequential', title: `nearest up-sampling ×${s}`, cell: 26, domain: [0, 9] }),
    grid(row(viaNearest), { ...out, title: `then conv with g, padding ${p}` }),
    grid(row(viaTranspose), { ...out, title: `one transposed conv: h, stride ${s}, pads ${options.pads!.toString().replace(',', ', ')}` }),
    note(document, `${gap === 0 ? 'The two paths agree exactly' : `The two paths differ by at most ${gap}`}. The transposed convolution never builds the ${s}× larger input: it is the cheaper way to run "resize, then convolve" by nearest neighbour, and its kernel is constrained (sums of neighbouring taps).`),
  ]), description(k, s, p, [g, h, x, up, viaNearest, viaTranspose]));
}
