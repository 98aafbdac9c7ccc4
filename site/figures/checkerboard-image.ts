/**
 * Checkerboard artifacts on an image, up-sampled ×2 four ways: transposed convolutions with
 * k = 3 and k = 4 (stride 2), FCN's bilinear kernel (bilinearUpsample) and resize-convolution
 * (nearest ×2, then a 3×3 convolution: resizeConvolution). Each panel's title carries its
 * checkerboard score (checkerboardScore: the relative spread of the 4 phase means, 4 border
 * pixels cropped). Kernels have gain 1 (a stride-2 transposed kernel sums to 4, a
 * convolution kernel to 1). The images come from zonePlate and smoothImage. The note gives the
 * floor the image itself sets: the score of half-pixel bilinear resizing (resizeBy), which has no
 * grid, is not 0 on an image with slopes. Drawing only.
 */
import {
  bilinearUpsample, checkerboardScore, convTranspose, phaseSums, randomTensor, resizeBy, resizeConvolution, smoothImage,
  zonePlate, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { label, note, panels, raster } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'input size n', kind: 'range', min: 16, max: 32, step: 8, value: 32 },
  {
    name: 'image', label: 'image', kind: 'select', value: 'smooth',
    options: [{ value: 'smooth', label: 'smooth blobs (smoothImage)' }, { value: 'zone', label: 'zone plate (zonePlate)' }],
  },
  {
    name: 'weights', label: 'kernel weights', kind: 'select', value: 'box',
    options: [{ value: 'box', label: 'all taps equal' }, { value: 'random', label: 'random positive (seeded)' }],
  },
  { name: 'zoom', label: 'zoom on the centre', kind: 'checkbox', value: false },
];

/** A k×k kernel [1, 1, k, k] summing to `total`: equal taps, or seeded positive random ones. */
function kernel(k: number, total: number, random: boolean, seed: number): Tensor {
  const w = random ? randomTensor([1, 1, k, k], { seed, min: 0.2, max: 1 }) : { shape: [1, 1, k, k], data: new Float64Array(k * k).fill(1) };
  let sum = 0;
  for (const v of w.data) sum += v;
  return { shape: w.shape, data: Float64Array.from(w.data, (v) => (v * total) / sum) };
}

/** The centre quarter of an image [1, 1, m, m] (an even-aligned crop, so phases are kept). */
function centre(t: Tensor): { data: Float64Array; size: number } {
  const m = t.shape[2];
  const size = m / 2;
  const from = m / 4 - ((m / 4) % 2);
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) data[i * size + j] = t.data[(from + i) * m + from + j];
  return { data, size };
}

/** The figure in words: the image, then each method's checkerboard score against the image's own floor. */
function description(n: number, image: string, random: boolean, zoom: boolean, scores: string[], floor: string, lang: Lang): string {
  return t('checkerboard-image.desc.lead', lang, {
    image: t(image === 'zone' ? 'checkerboard-image.desc.image.zone' : 'checkerboard-image.desc.image.smooth', lang), n, m: 2 * n,
    weights: t(random ? 'checkerboard-image.desc.weights.random' : 'checkerboard-image.desc.weights.equal', lang),
    zoom: zoom ? t('checkerboard-image.desc.zoom', lang) : '',
  }) + t('checkerboard-image.desc.scores', lang, { scores: scores.join('; '), floor });
}

export function render(params: Params, document: Document): Element {
  const n = Number(params.n);
  const random = params.weights === 'random';
  const zoom = params.zoom === true;
  const lang = pageLang(document);
  const x = params.image === 'zone' ? zonePlate(n, { maxFrequency: 0.25 }) : smoothImage(n, { seed: 1 });
  const k3 = kernel(3, 4, random, 3);
  const k4 = kernel(4, 4, random, 4);
  const rc = kernel(3, 1, random, 5);
  const methods = [
    { name: t('checkerboard-image.method.k3', lang), long: t('checkerboard-image.method.k3.long', lang), y: convTranspose(x, k3, { strides: 2, pads: 1, outputPadding: 1 }) },
    { name: t('checkerboard-image.method.k4', lang), long: t('checkerboard-image.method.k4.long', lang), y: convTranspose(x, k4, { strides: 2, pads: 1 }) },
    { name: t('checkerboard-image.method.fcn', lang), long: t('checkerboard-image.method.fcn.long', lang), y: bilinearUpsample(x, 2) },
    { name: t('checkerboard-image.method.rc', lang), long: t('checkerboard-image.method.rc.long', lang), y: resizeConvolution(x, rc, { factor: 2 }) },
  ];
  const m = 2 * n;
  // Whole screen pixels per image pixel: a fractional scale would add a moiré of its own.
  // Zoomed, the input and every output show the same region: the centre quarter of each.
  const show = (t: Tensor, title: string, screen: number) => {
    const c = zoom ? centre(t) : { data: t.data, size: t.shape[2] };
    return raster(c.data, c.size, c.size, { document, title, scale: Math.max(1, Math.floor(screen / c.size)) });
  };
  const floor = checkerboardScore(resizeBy(x, 2, { coordinates: 'half_pixel' }), 2, { crop: 4 }).score;
  const scores = methods.map((method) => checkerboardScore(method.y, 2, { crop: 4 }).score);
  const fmt = (v: number) => (v < 1e-3 ? v.toExponential(1) : label(v, 3));
  const sums = (w: Tensor) => Array.from(phaseSums({ shape: [w.shape[2], w.shape[3]], data: w.data }, 2).data, (v) => label(v, 2)).join(', ');
  return describe(keepSize(panels(document, [
    show(x, zoom ? t('checkerboard-image.title.inputZoom', lang, { h: n / 2, n }) : t('checkerboard-image.title.input', lang, { n }), 64),
    ...methods.map((method, e) => show(method.y, t('checkerboard-image.title.method', lang, { name: method.name, score: fmt(scores[e]) }), 128)),
    note(document, t('checkerboard-image.note.outputs', lang, {
      m, zoom: zoom ? t('checkerboard-image.note.zoom', lang, { n, h: n / 2 }) : '',
      scores: methods.map((method, e) => `${method.long} ${fmt(scores[e])}`).join('; '),
    })
      + t('checkerboard-image.note.floor', lang, { floor: fmt(floor) })
      + t('checkerboard-image.note.sums', lang, { k3: sums(k3), k4: sums(k4) })
      + t(random ? 'checkerboard-image.note.random' : 'checkerboard-image.note.equal', lang)
      + t('checkerboard-image.note.rims', lang)),
  ], 'figure-panels up-images')), description(n, String(params.image), random, zoom, methods.map((method, e) => `${method.long} ${fmt(scores[e])}`), fmt(floor), lang));
}
