/**
 * How a convolution layer learns: gradient descent on a 3×3 kernel and a bias so that
 * conv(x, w) + b matches the output of a hidden target layer on a few random images.
 *   L = ½ mean (y − y*)²,  dL/dy = (y − y*) / N,
 *   dL/dw = convGradWeight(x, dL/dy),  dL/db = convGradBias(dL/dy),
 *   w ← w − η dL/dw,  b ← b − η dL/db.
 * The gradients and the convolution are the core's; this module only runs the loop and draws.
 * The run is deterministic, so it is computed once per target and rate and the slider only picks a step.
 */
import { conv, convGradBias, convGradWeight, dot, randomTensor, tensor, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, linePlot, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, type Lang, type MessageKey } from '../i18n';

const STEPS = 60;
const OPTIONS = { pads: 1 };

const TARGETS: Record<string, { label: string; w: number[][]; b: number }> = {
  edge: { label: 'vertical edges (Sobel)', w: [[1, 0, -1], [2, 0, -2], [1, 0, -1]], b: 0 },
  blur: { label: 'blur, plus bias 0.5', w: [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16)), b: 0.5 },
  shift: { label: 'shift one pixel right', w: [[0, 0, 0], [1, 0, 0], [0, 0, 0]], b: 0 },
};

export const controls: Control[] = [
  { name: 't', label: 'gradient steps', kind: 'range', min: 0, max: STEPS, value: 12, animate: true, speed: 'speed' },
  // Play's pace: 8 steps per second shows the 60 steps in under 8 seconds, each one still visible;
  // a redraw takes tens of milliseconds, so much above 15 the drawing, not the slider, sets the pace.
  { name: 'speed', label: 'speed (steps per second)', kind: 'range', min: 1, max: 15, value: 8 },
  {
    name: 'target', label: 'target layer', kind: 'select', value: 'edge',
    options: Object.entries(TARGETS).map(([value, t]) => ({ value, label: t.label })),
  },
  {
    name: 'lr', label: 'learning rate η', kind: 'select', value: '0.5',
    options: ['0.05', '0.2', '0.5', '1', '2.5'].map((v) => ({ value: v, label: v === '2.5' ? '2.5 (too large)' : v })),
  },
];

/** Four 8×8 images of uniform noise: every tap sees varied inputs, so the kernel is identifiable. */
const images = randomTensor([4, 1, 8, 8], { seed: 21 });

interface Step {
  w: Tensor;
  b: number;
  loss: number;
}

/** w − η g, elementwise, for the update (a new tensor; the old one is kept for the history). */
function descend(w: Tensor, g: Tensor, lr: number): Tensor {
  return tensor(w.data.map((v, i) => v - lr * g.data[i]), w.shape);
}

function train(target: { w: number[][]; b: number }, lr: number): { history: Step[]; goal: Tensor } {
  const wTrue = tensor([[target.w]]);
  const goal = conv(images, wTrue, { ...OPTIONS, bias: tensor([target.b]) });
  const count = goal.data.length;
  let w = tensor(new Float64Array(9), [1, 1, 3, 3]);
  let b = 0;
  const history: Step[] = [];
  for (let t = 0; ; t++) {
    const y = conv(images, w, { ...OPTIONS, bias: tensor([b]) });
    const residual = tensor(y.data.map((v, i) => v - goal.data[i]), y.shape);
    const loss = dot(residual, residual) / (2 * count);
    history.push({ w, b, loss });
    if (t === STEPS || !Number.isFinite(loss)) break;
    const dy = tensor(residual.data.map((v) => v / count), residual.shape);
    w = descend(w, convGradWeight(images, dy, { ...OPTIONS, kernelShape: [3, 3] }), lr);
    b -= lr * convGradBias(dy).data[0];
  }
  return { history, goal };
}

const runs = new Map<string, ReturnType<typeof train>>();

function run(name: string, lr: number): ReturnType<typeof train> {
  const key = `${name} ${lr}`;
  if (!runs.has(key)) runs.set(key, train(TARGETS[name], lr));
  return runs.get(key)!;
}

/** The figure in words: the step, the loss, and the learned kernel next to the target, with values. */
function description(name: string, lr: number, step: number, now: { w: Tensor; b: number; loss: number }, first: number, target: { w: number[][]; b: number }, lang: Lang): string {
  const f = (v: number) => label(v, 3);
  return t('learn.desc.lead', lang, { name: t(`learn.desc.name.${name}` as MessageKey, lang), lr, step, loss: now.loss.toPrecision(3), first: first.toPrecision(3) })
    + t('learn.desc.kernels', lang, {
      learned: matrixText(t('learn.desc.learned', lang), rowsOf(now.w), f, lang), b: f(now.b),
      target: matrixText(t('learn.title.target', lang), target.w, f, lang), tb: f(target.b),
    });
}

export function render(params: Params, document: Document): Element {
  const name = String(params.target) in TARGETS ? String(params.target) : 'edge';
  const target = TARGETS[name];
  const lang = pageLang(document);
  const lr = Number(params.lr);
  const { history: all, goal } = run(name, lr);
  const history = all.slice(0, Math.max(0, Math.min(STEPS, Number(params.t))) + 1);
  const now = history[history.length - 1];
  // Kernels on the target's colour scale, outputs on the target output's: the learned ones grow into them.
  const top = Math.max(...target.w.flat().map(Math.abs));
  const domain: [number, number] = [top, -top];
  const first = history[0].loss;
  const y = conv(images, now.w, { ...OPTIONS, bias: tensor([now.b]) });
  const image = (m: Tensor) => tensor(m.data.subarray(0, 64), [8, 8]);
  const outTop = Math.max(...image(goal).data.map(Math.abs));
  // The chart's loss range; a loss above it (or not finite) is drawn at the top edge and marked "diverged".
  const [low, high] = [1e-10, 1e2];
  const clamp = (v: number) => (Number.isFinite(v) ? Math.min(high, Math.max(low, v)) : high);
  const over = history.findIndex((h) => !(h.loss < high));
  const line = (over < 0 ? history : history.slice(0, over + 1)).map((h, i) => ({ i, loss: clamp(h.loss) }));
  const gone = !(now.loss < high);
  const marker = { x: history.length - 1, y: clamp(now.loss) };
  const curve = linePlot({ loss: line.map((d) => d.loss) }, {
    document,
    title: t('learn.title.loss', lang),
    width: 250,
    height: 190,
    marginLeft: 50,
    marginRight: 14,
    xDomain: [0, STEPS], xLabel: t('learn.axis.step', lang),
    logY: true, yDomain: [low, high], yTicks: 4, yTickFormat: '.0e', color: '#1c7ed6',
    point: {
      ...marker, color: gone ? '#c92a2a' : '#e8590c', r: gone ? 4 : 3, noteAnchor: history.length - 1 > STEPS / 2 ? 'end' : 'start',
      note: gone ? t('learn.mark.diverged', lang, { value: Number.isFinite(now.loss) ? now.loss.toExponential(0) : '∞' }) : undefined,
    },
  });
  const size = Math.max(...now.w.data.map(Math.abs));
  const diverged = !Number.isFinite(now.loss) || now.loss > first;
  return describe(keepSize(panels(document, [
    grid(tensor([[target.w]]), { title: t('learn.title.target', lang), document, domain, digits: 3, cell: 40 }),
    // A diverging kernel's taps outgrow the cells: fewer decimals, then no numbers (the note gives the loss).
    grid(now.w, {
      title: t('learn.title.learned', lang, { steps: history.length - 1, big: size >= 1e4 ? t('learn.title.tooLarge', lang) : '' }), document, domain,
      digits: size >= 10 ? 0 : 3, values: size < 1e4, cell: 40,
    }),
    curve,
    panels(document, [
      grid(image(goal), { title: t('learn.title.goal', lang), document, values: false, cell: 14, domain: [outTop, -outTop] }),
      grid(image(y), { title: t('learn.title.now', lang), document, values: false, cell: 14, domain: [outTop, -outTop] }),
    ]),
    note(document, t('learn.note.state', lang, { loss: now.loss.toPrecision(3), first: first.toPrecision(3), b: label(now.b, 3), target: label(target.b, 3), lr })
      + (diverged ? t('learn.note.diverged', lang) : '')),
  ])), description(name, lr, history.length - 1, now, first, target, lang));
}
