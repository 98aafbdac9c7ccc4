/**
 * Down-sampling D_s and up-sampling U_s as matrices, for a signal of n samples: D_s keeps
 * every s-th sample (one 1 per row), U_s puts each sample s apart with zeros between (one 1
 * per column), and U_s is exactly D_s^T. Below, what they do to x = 1, 2, ..., n. Every
 * matrix and vector comes from src/sampling.ts and the matrix view.
 * 0/1 matrices are drawn the same way in every figure of the page (white 0, navy 1).
 */
import { downsample, downsampleMatrix, maxAbsDiff, tensor, toDense, transpose, upsample, upsampleMatrix, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels } from '../lib/plots';
import { pageLang, t, type Lang, type MessageKey } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'signal length n', kind: 'range', min: 2, max: 9, value: 7 },
  { name: 's', label: 'factor s', kind: 'range', min: 1, max: 4, value: 2 },
];

/** The factor as a subscript: D₂, U₃. */
const sub = (v: number) => String(v).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]);

/** The figure in words: the sizes of D and U, and the three vectors with their values. */
function description(n: number, s: number, m: number, [x, dx, udx]: Tensor[], lang: Lang): string {
  const f = (v: number) => label(v);
  const parts = [matrixText('x', [Array.from(x.data)], f, lang), matrixText('D x', [Array.from(dx.data)], f, lang), matrixText('U D x', [Array.from(udx.data)], f, lang)];
  return t('sampling-matrices.desc.settings', lang, { s, m, n }) + t('figure.desc.sentence', lang, { text: parts.join(t('figure.desc.join', lang)) });
}

/** The title of D x: which samples it keeps ("every second sample"). */
const KEPT: Record<number, MessageKey> = {
  1: 'sampling-matrices.title.dx1', 2: 'sampling-matrices.title.dx2', 3: 'sampling-matrices.title.dx3', 4: 'sampling-matrices.title.dx4',
};

export function render(params: Params, document: Document): Element {
  const n = Number(params.n);
  const s = Number(params.s);
  const lang = pageLang(document);
  const down = downsampleMatrix(n, s);
  const m = down.rows;
  // U_s on m samples, padded with trailing zeros to length n so that it is D_s^T exactly.
  const up = upsampleMatrix(m, s, { outputShape: [n] });
  const gap = maxAbsDiff(toDense(up), toDense(transpose(down)));
  const x = tensor(Array.from({ length: n }, (_, i) => i + 1), [1, 1, n]);
  const dx = downsample(x, s);
  const udx = upsample(dx, s, { outputShape: [n] });
  const row = (t: { data: ArrayLike<number> }) => [Array.from(t.data)];
  const [D, U] = [`D${sub(s)}`, `U${sub(s)}`];
  const binary = { document, scheme: 'sequential' as const, domain: [0, 1] as [number, number], cell: 30 };
  const vector = { document, scheme: 'sequential' as const, domain: [0, n] as [number, number], cell: 30 };
  return describe(panels(document, [
    grid(toDense(down), { ...binary, title: t('sampling-matrices.title.down', lang, { D, m, n }) }),
    grid(toDense(up), { ...binary, title: t('sampling-matrices.title.up', lang, { U, D, m, n }) }),
    grid(row(x), { ...vector, title: 'x' }),
    grid(row(dx), { ...vector, title: t(KEPT[s] ?? 'sampling-matrices.title.dxN', lang, { D, s }) }),
    grid(row(udx), { ...vector, title: t('sampling-matrices.title.udx', lang, { U, D }) }),
    note(document, t(s === 1 ? 'sampling-matrices.note.identity' : 'sampling-matrices.note.lossy', lang, {
      D, U, m,
      agreement: gap === 0 ? t('sampling-matrices.note.agree', lang, { U, D }) : t('sampling-matrices.note.differ', lang, { U, D, gap }),
    })),
  ]), description(n, s, m, [x, dx, udx], lang));
}
