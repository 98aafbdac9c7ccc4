/**
 * Learned up-sampling, live: the core's createTrainer fits a 4×4 transposed-convolution
 * kernel (stride 2) that recovers three 32×32 images from their 2×2 average-pooled versions,
 * with the core's gradients and Adam. This module runs it in animation frames at the speed the
 * reader sets (steps per second; never more than a time budget per frame, so the page never
 * freezes) and draws the kernel, the loss curve and one reconstruction. The math is all the core's; here are the loop and the drawing.
 *
 * Trainer.astro renders the markup and the first drawing at build time; mountTrainer wires it
 * in the browser (loaded lazily, with Plot and the core, when the trainer nears the viewport).
 */
import { pageLang, t, type Lang } from '../i18n';
import { checkerboardScore, createTrainer, phaseSums, reshape, type Tensor, type Trainer } from '../../src/index';
import { grid, label, linePlot, note, panels, raster } from './plots';
import { svgImages } from './svgImages';
import { keepSize } from './wide';

export type Init = 'random' | 'bilinear';

/** Steps before the run stops by itself (the loss has long levelled off by then). */
export const MAX_STEPS = 600;
/**
 * The speed slider, in steps per second. 60 makes the 600 steps last ten seconds, slow enough to
 * watch the kernel settle; at the top of the range the time budget below is the limit.
 */
export const SPEED = { min: 5, max: 300, step: 5, value: 60 } as const;
/** Milliseconds of training per animation frame at most, leaving the rest of the frame to drawing and the page. */
const BUDGET_MS = 8;
/** Milliseconds between redraws while training. */
const DRAW_EVERY_MS = 100;
/** The target image shown (the trainer's third default image, a zone plate). */
const SHOWN = 2;

export interface Run {
  init: Init;
  trainer: Trainer;
  /** losses[t]: the loss after t updates (losses[0] before any). */
  losses: number[];
  /** The loss of FCN's fixed bilinear kernel on the same data (the bilinear start, before any update). */
  fixed: number;
}

export function createRun(init: Init): Run {
  const trainer = createTrainer({ init });
  const fixed = init === 'bilinear' ? trainer.loss() : createTrainer({ init: 'bilinear' }).loss();
  return { init, trainer, losses: [trainer.loss()], fixed };
}

/** One image of a batch [N, 1, H, W], as row-major values. */
function imageOf(batch: Tensor, n: number): { data: ArrayLike<number>; size: number } {
  const size = batch.shape[2];
  const plane = size * batch.shape[3];
  return { data: batch.data.subarray(n * plane, (n + 1) * plane), size };
}

const sci = (v: number) => (v >= 0.01 ? label(v, 4) : v.toExponential(2));

/** The parts of the drawing that change as the kernel learns, each marked with data-part. */
export function liveParts(run: Run, document: Document, lang: Lang = pageLang(document)): Element[] {
  const { trainer, losses, fixed } = run;
  const kernel = trainer.kernel();
  const k = kernel.shape[2];
  const start = losses[0];
  const now = losses[losses.length - 1];
  const prediction = trainer.predict();
  const output = imageOf(prediction, SHOWN);
  const sums = phaseSums(reshape(kernel, [k, k]), 2);
  const score = checkerboardScore(prediction, 2, { crop: 4 }).score;
  const xMax = Math.max(100, Math.ceil((losses.length - 1) / 100) * 100);
  const lossPlot = linePlot({ loss: losses }, {
    document,
    title: t('trainer.loss.title', lang),
    width: 360,
    height: 220,
    marginLeft: 50,
    marginRight: 12,
    xLabel: t('trainer.loss.x', lang), xDomain: [0, xMax],
    logY: true, yDomain: [1e-3, 1], yTicks: [1e-3, 1e-2, 1e-1, 1], yTickFormat: (v: number) => String(v),
    levels: [fixed], levelColor: '#2f9e44', levelNote: () => t('trainer.loss.fixed', lang, { loss: sci(fixed) }),
    color: '#1c7ed6', strokeWidth: 1.8, clip: true,
    point: { x: losses.length - 1, y: now, color: '#e8590c', r: 3.5, clip: true },
  });
  const ratio = start / now;
  const parts: [string, Element][] = [
    ['kernel', grid(kernel, { title: t('trainer.title.kernel', lang, { k, steps: trainer.steps }), document, domain: [0.9, -0.9], cell: 34, digits: 2 })],
    ['loss', lossPlot],
    ['output', raster(output.data, output.size, output.size, { document, title: t('trainer.title.output', lang, { steps: trainer.steps }), scale: 3 })],
    ['note', note(document, (trainer.steps === 0
      ? t('trainer.note.first', lang, { loss: sci(now) })
      : t('trainer.note.later', lang, { steps: trainer.steps, loss: sci(now), start: sci(start), ratio: ratio >= 10 ? Math.round(ratio) : label(ratio, 2) }))
      + t('trainer.note.fixed', lang, { fixed: sci(fixed), better: now < fixed ? t('trainer.note.better', lang, { factor: label(fixed / now, 2) }) : '' })
      + t('trainer.note.sums', lang, { sums: Array.from(sums.data, (v) => label(v, 3)).join(', '), score: score < 1e-3 ? score.toExponential(1) : label(score, 3) }))],
  ];
  // On a phone the loss chart may shrink a little (to 300 pixels), the grid and the images not at all.
  return parts.map(([name, element]) => {
    element.setAttribute('data-part', name);
    svgImages(element, (svg) => svg.parentElement?.querySelector('h2')?.textContent ?? name);
    return keepSize(element, 300);
  });
}

/** Everything the trainer shows: the live parts, with the target and the input between them. */
export function view(run: Run, document: Document, lang: Lang = pageLang(document)): Element {
  const { trainer } = run;
  const target = imageOf(trainer.targets, SHOWN);
  const input = imageOf(trainer.inputs, SHOWN);
  const [kernel, loss, output, text] = liveParts(run, document, lang);
  return panels(document, [
    kernel,
    loss,
    keepSize(raster(target.data, target.size, target.size, { document, title: t('trainer.title.target', lang), scale: 3 })),
    keepSize(raster(input.data, input.size, input.size, { document, title: t('trainer.title.input', lang), scale: 6 })),
    output,
    text,
  ]);
}

/** Wires one trainer rendered by Trainer.astro. */
export function mountTrainer(root: HTMLElement): void {
  const toggle = root.querySelector<HTMLButtonElement>('button[data-action=toggle]')!;
  const reset = root.querySelector<HTMLButtonElement>('button[data-action=reset]')!;
  const select = root.querySelector<HTMLSelectElement>('select[data-init]')!;
  const speed = root.querySelector<HTMLInputElement>('input[data-speed]')!;
  const speedValue = root.querySelector<HTMLOutputElement>('output[data-speed-value]')!;
  const target = root.querySelector<HTMLElement>('.trainer-output')!;
  const status = root.querySelector<HTMLElement>('.trainer-status')!;
  const lang = pageLang(document);
  const initName = (init: Init) => t(init === 'random' ? 'trainer.initName.random' : 'trainer.initName.bilinear', lang);
  let run = createRun(select.value as Init);
  let frame = 0;
  let drawMs: number[] = [];
  /** Steps owed at the chosen speed (fractional), and when they were last counted. */
  let due = 0;
  let countedAt = 0;

  const publish = (state: string) => {
    root.dataset.state = state;
    root.dataset.steps = String(run.trainer.steps);
    root.dataset.loss = String(run.losses[run.losses.length - 1]);
    root.dataset.lossStart = String(run.losses[0]);
  };
  let drawnAt = 0;
  /** Redraws the parts that change (the images of the target and input never do), and notes the median time it took. */
  const draw = () => {
    const t0 = performance.now();
    for (const part of liveParts(run, document, lang)) target.querySelector(`[data-part=${part.getAttribute('data-part')}]`)?.replaceWith(part);
    drawnAt = performance.now();
    drawMs.push(drawnAt - t0);
    const recent = drawMs.slice(-60).sort((a, b) => a - b);
    root.dataset.drawMs = recent[Math.floor(recent.length / 2)].toFixed(2);
  };
  const running = () => frame !== 0;
  const stop = (why: string) => {
    cancelAnimationFrame(frame);
    frame = 0;
    draw();
    toggle.textContent = t('trainer.start', lang);
    toggle.setAttribute('aria-pressed', 'false');
    status.textContent = why;
    publish(run.trainer.steps >= MAX_STEPS ? 'finished' : 'stopped');
  };
  const tick = () => {
    const t0 = performance.now();
    const rate = Number(speed.value);
    // Owe rate steps per second of wall time; after a pause (a hidden tab) catch up a quarter second at most.
    due = Math.min(due + ((t0 - countedAt) * rate) / 1000, rate / 4 + 1);
    countedAt = t0;
    const before = run.trainer.steps;
    while (due >= 1 && performance.now() - t0 < BUDGET_MS && run.trainer.steps < MAX_STEPS) {
      const updates = run.trainer.steps;
      run.losses[updates] = run.trainer.step().loss; // the loss after `updates` updates, before the next
      due -= 1;
    }
    if (run.trainer.steps === before) {
      frame = requestAnimationFrame(tick);
      return;
    }
    run.losses[run.trainer.steps] = run.trainer.loss();
    // Drawing costs more than a step: about ten times a second is enough to watch it learn.
    if (performance.now() - drawnAt >= DRAW_EVERY_MS || run.trainer.steps >= MAX_STEPS) draw();
    publish('running');
    if (run.trainer.steps >= MAX_STEPS) {
      stop(t('trainer.status.finished', lang, { max: MAX_STEPS, start: sci(run.losses[0]), now: sci(run.losses[run.losses.length - 1]) }));
    } else {
      frame = requestAnimationFrame(tick);
    }
  };
  const start = () => {
    if (run.trainer.steps >= MAX_STEPS) restart();
    toggle.textContent = t('trainer.stop', lang);
    toggle.setAttribute('aria-pressed', 'true');
    status.textContent = t('trainer.status.training', lang, { init: initName(run.init) });
    publish('running');
    due = 1; // the first step at once
    countedAt = performance.now();
    frame = requestAnimationFrame(tick);
  };
  function restart() {
    if (running()) cancelAnimationFrame(frame);
    frame = 0;
    run = createRun(select.value as Init);
    drawMs = [];
    stop(t('trainer.status.reset', lang, { init: initName(run.init), loss: sci(run.losses[0]) }));
  }

  toggle.addEventListener('click', () => (running() ? stop(t('trainer.status.stopped', lang, { steps: run.trainer.steps, start: sci(run.losses[0]), now: sci(run.losses[run.losses.length - 1]) })) : start()));
  reset.addEventListener('click', restart);
  select.addEventListener('change', restart);
  speed.addEventListener('input', () => {
    speedValue.value = speed.value;
  });
  for (const control of [toggle, reset, select, speed]) control.disabled = false;
  stop(t('trainer.status.ready', lang));
  root.dataset.ready = 'true';
}
