/**
 * The contract between a page and a live figure, and the browser runtime that drives it.
 *
 * A figure is a module in site/figures/ that exports `controls` and `render(params, document)`.
 * It computes with the core (src/) and draws with Plot; it never re-implements the math.
 * The runtime builds nothing: Figure.astro renders the controls and a first SVG at build
 * time; here we wire the controls, keep the settings in the URL, redraw on every change and,
 * when the core refuses a setting, show its message in words instead of a figure.
 */
import { pageLang, t } from '../i18n';

export type Value = number | string | boolean;
export type Params = Record<string, Value>;

export interface Option {
  value: string;
  label: string;
}

export interface Control {
  name: string;
  label: string;
  kind: 'range' | 'select' | 'checkbox';
  value: Value;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly Option[];
  /** A range that can play: Play/Pause and Step buttons advance it. */
  animate?: boolean;
  /** For an animated range: the name of a range control giving Play's speed in steps per second (default 1/0.7). */
  speed?: string;
}

export interface FigureModule {
  controls: readonly Control[];
  /** Draws the figure; throws (the core's own message) on settings the core refuses. */
  render(params: Params, document: Document): Element;
  /** Ranges whose bounds depend on the other settings (e.g. the step of an animation). */
  limits?(params: Params): Record<string, { min?: number; max: number }>;
  /** Controls that do not apply to these settings (e.g. another framework's arguments); they are hidden. */
  hidden?(params: Params): readonly string[];
}

/** The default settings of a figure. */
export function defaults(controls: readonly Control[]): Params {
  return Object.fromEntries(controls.map((c) => [c.name, c.value]));
}

/** An error in words, in place of the figure: what happened, then the core's own message. */
export function errorBox(document: Document, message: string): Element {
  const box = document.createElement('div');
  box.setAttribute('class', 'figure-error');
  box.setAttribute('role', 'alert');
  const lead = document.createElement('p');
  lead.textContent = t('figure.error.lead', pageLang(document));
  const detail = document.createElement('p');
  const code = document.createElement('code');
  code.textContent = message;
  detail.appendChild(code);
  box.appendChild(lead);
  box.appendChild(detail);
  return box;
}

/**
 * Accessible markup for a drawn figure: Plot's panel titles (<h2>) become plain captions, so
 * they do not flood the page's outline, and every SVG gets role="img" and a label (its
 * caption, else the figure's name).
 */
function accessible(root: Element, name: string): Element {
  const document = root.ownerDocument;
  for (const heading of Array.from(root.querySelectorAll('h2, h3'))) {
    const caption = document.createElement('p');
    caption.setAttribute('class', 'panel-title');
    caption.textContent = heading.textContent;
    heading.replaceWith(caption);
  }
  for (const svg of Array.from(root.querySelectorAll('svg'))) {
    if (svg.parentElement?.closest('svg')) continue;
    const siblings = Array.from(svg.parentElement?.children ?? []);
    const caption = siblings.find((el) => el.classList.contains('panel-title'))?.textContent;
    svg.setAttribute('role', 'img');
    if (!svg.getAttribute('aria-label')) svg.setAttribute('aria-label', caption || name);
  }
  return root;
}

/** Draws, or explains why not. Never returns a blank. */
export function draw(figure: FigureModule, params: Params, document: Document, name = 'figure'): Element {
  try {
    return accessible(figure.render(params, document), name);
  } catch (e) {
    return errorBox(document, e instanceof Error ? e.message : String(e));
  }
}

/** The short text a screen reader hears after a redraw: the figure's notes, or its error. */
function summary(output: Element): string {
  const error = output.querySelector('.figure-error code');
  if (error) return t('figure.error.summary', pageLang(output.ownerDocument), { message: error.textContent ?? '' });
  const notes = Array.from(output.querySelectorAll('.figure-note')).map((n) => n.textContent ?? '');
  return notes.join(' ').slice(0, 400);
}

const modules = import.meta.glob<FigureModule>('../figures/*.ts');

function readParams(root: HTMLElement, controls: readonly Control[]): Params {
  const params: Params = {};
  for (const c of controls) {
    const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-param="${c.name}"]`);
    if (!input) continue;
    if (c.kind === 'checkbox') params[c.name] = (input as HTMLInputElement).checked;
    else if (c.kind === 'range') params[c.name] = Number(input.value);
    else params[c.name] = input.value;
  }
  return params;
}

function urlKey(id: string, name: string): string {
  return `${id}.${name}`;
}

/** Settings given in the page's URL override the defaults (shared links). */
function applyUrl(root: HTMLElement, id: string, controls: readonly Control[]): void {
  const search = new URLSearchParams(location.search);
  for (const c of controls) {
    const given = search.get(urlKey(id, c.name));
    const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-param="${c.name}"]`);
    if (given === null || !input) continue;
    if (c.kind === 'checkbox') (input as HTMLInputElement).checked = given === 'true';
    else input.value = given;
  }
}

function writeUrl(id: string, controls: readonly Control[], params: Params): void {
  const url = new URL(location.href);
  for (const c of controls) {
    const key = urlKey(id, c.name);
    if (params[c.name] === c.value) url.searchParams.delete(key);
    else url.searchParams.set(key, String(params[c.name]));
  }
  history.replaceState(history.state, '', url);
}

function showValues(root: HTMLElement, params: Params): void {
  for (const out of root.querySelectorAll<HTMLOutputElement>('output[data-for]')) {
    out.value = String(params[out.dataset.for!]);
  }
}

function applyLimits(root: HTMLElement, figure: FigureModule, params: Params): void {
  if (!figure.limits) return;
  let limits: ReturnType<NonNullable<FigureModule['limits']>>;
  try {
    limits = figure.limits(params);
  } catch {
    return; // the render reports the error
  }
  for (const [name, { min, max }] of Object.entries(limits)) {
    const input = root.querySelector<HTMLInputElement>(`input[data-param="${name}"]`);
    if (!input) continue;
    if (min !== undefined) input.min = String(min);
    input.max = String(max);
    if (Number(input.value) > max) input.value = String(max);
    params[name] = Number(input.value);
  }
}

/** Hides the controls the figure says do not apply (the `hidden` attribute; Figure.astro sets it at build time). */
function applyHidden(root: HTMLElement, figure: FigureModule, params: Params): void {
  if (!figure.hidden) return;
  let names: readonly string[];
  try {
    names = figure.hidden(params);
  } catch {
    return; // the render reports the error
  }
  for (const input of root.querySelectorAll<HTMLElement>('[data-param]')) {
    input.closest('.control')?.toggleAttribute('hidden', names.includes(input.dataset.param!));
  }
}

function animate(root: HTMLElement, update: () => void): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-play]')) {
    const input = root.querySelector<HTMLInputElement>(`input[data-param="${button.dataset.play}"]`)!;
    const step = root.querySelector<HTMLButtonElement>(`button[data-step="${button.dataset.play}"]`);
    const speed = button.dataset.speed ? root.querySelector<HTMLInputElement>(`input[data-param="${button.dataset.speed}"]`) : null;
    // Read at every step, so moving the speed slider while playing takes effect at once.
    const interval = () => (speed ? 1000 / Math.max(0.1, Number(speed.value)) : 700);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const advance = () => {
      const next = Number(input.value) + 1;
      input.value = String(next > Number(input.max) ? Number(input.min) : next);
      update();
    };
    const play = () => {
      timer = setTimeout(() => {
        advance();
        play();
      }, interval());
    };
    const stop = () => {
      clearTimeout(timer);
      timer = undefined;
      button.textContent = t('figure.play');
      button.setAttribute('aria-pressed', 'false');
    };
    button.addEventListener('click', () => {
      if (timer !== undefined) return stop();
      play();
      button.textContent = t('figure.pause');
      button.setAttribute('aria-pressed', 'true');
    });
    step?.addEventListener('click', () => {
      stop();
      advance();
    });
  }
}

/** Wires one figure element rendered by Figure.astro. */
export function mount(root: HTMLElement, figure: FigureModule): void {
  const id = root.dataset.id!;
  const target = root.querySelector<HTMLElement>('.figure-output')!;
  applyUrl(root, id, figure.controls);
  let pending = false;
  const update = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const params = readParams(root, figure.controls);
      applyLimits(root, figure, params);
      applyHidden(root, figure, params);
      showValues(root, params);
      const start = performance.now();
      // Keep the space of the last figure while an error is shown, so the page does not jump.
      const height = target.getBoundingClientRect().height;
      const drawn = draw(figure, params, document, root.dataset.figure);
      target.style.minHeight = drawn.classList.contains('figure-error') && height > 0 ? `${height}px` : '';
      target.replaceChildren(drawn);
      root.dataset.renderMs = (performance.now() - start).toFixed(2);
      const status = root.querySelector('.figure-status');
      if (status) status.textContent = summary(target);
      root.dataset.renders = String(Number(root.dataset.renders ?? 0) + 1);
      writeUrl(id, figure.controls, params);
    });
  };
  root.querySelector('form')?.addEventListener('input', update);
  root.querySelector('form')?.addEventListener('submit', (e) => e.preventDefault());
  animate(root, update);
  update();
}

/** Mounts every figure on the page when it comes near the viewport (Plot loads lazily). */
export function mountAll(): void {
  const start = (root: HTMLElement) => {
    const load = modules[`../figures/${root.dataset.figure}.ts`];
    if (!load) {
      root.querySelector('.figure-output')?.replaceChildren(errorBox(document, `unknown figure ${root.dataset.figure}`));
      return;
    }
    load().then((figure) => mount(root, figure));
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      start(entry.target as HTMLElement);
    }
  }, { rootMargin: '400px' });
  for (const root of document.querySelectorAll<HTMLElement>('figure[data-figure]')) observer.observe(root);
}
