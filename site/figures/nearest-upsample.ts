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
import { pageLang, t, type Lang } from '../i18n';

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
function description(k: number, s: number, p: number, [g, h, x, up, viaNearest, viaTranspose]: Tensor[], lang: Lang): string {
  const f = (v: number) => label(v);
  const row = (name: string, m: Tensor) => matrixText(name, [Array.from(m.data)], f, lang);
  const rows = [
    row(t('nearest-upsample.desc.g', lang), g), row(t('nearest-upsample.desc.h', lang), h),
    row(t('nearest-upsample.title.x', lang), x), row(t('nearest-upsample.title.up', lang, { s }), up),
    row(t('nearest-upsample.desc.conv', lang), viaNearest), row(t('nearest-upsample.desc.transpose', lang), viaTranspose),
  ];
  return t('nearest-upsample.desc.settings', lang, { k, s, p }) + t('figure.desc.sentence', lang, { text: rows.join(t('figure.desc.join', lang)) });
}

export function render(params: Params, document: Document): Element {
  const [k, s, n, p] = ['k', 's', 'n', 'p'].map((key) => Number(params[key]));
  const lang = pageLang(document);
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
  const row = (m: { data: ArrayLike<number> }) => [Array.from(m.data)];
  const extent = Math.max(...viaNearest.data, ...viaTranspose.data);
  const out = { document, scheme: 'sequential' as const, domain: [0, extent] as [number, number], cell: 26 };
  return describe(panels(document, [
    grid(rowsOf([Array.from(g.data)]), { document, scheme: 'sequential', title: t('nearest-upsample.title.g', lang, { k, taps: k === 1 ? 'g₀' : `g₀ … g${sub(k - 1)}` }), cell: 26 }),
    grid(rowsOf([hs]), { document, scheme: 'sequential', title: t('nearest-upsample.title.h', lang, { n: hs.length }), cell: 26 }),
    note(document, t('nearest-upsample.note.h', lang, { s, sums: hs.map(taps).join(', ') })),
    grid(row(x), { document, scheme: 'sequential', title: t('nearest-upsample.title.x', lang), cell: 26, domain: [0, 9] }),
    grid(row(up), { document, scheme: 'sequential', title: t('nearest-upsample.title.up', lang, { s }), cell: 26, domain: [0, 9] }),
    grid(row(viaNearest), { ...out, title: t('nearest-upsample.title.conv', lang, { p }) }),
    grid(row(viaTranspose), { ...out, title: t('nearest-upsample.title.transpose', lang, { s, pads: options.pads!.toString().replace(',', ', ') }) }),
    note(document, t('nearest-upsample.note.verdict', lang, {
      s, agreement: gap === 0 ? t('nearest-upsample.note.agree', lang) : t('nearest-upsample.note.differ', lang, { gap }),
    })),
  ]), description(k, s, p, [g, h, x, up, viaNearest, viaTranspose], lang));
}
