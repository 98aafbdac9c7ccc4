/**
 * The contract between a page and a live figure, and the browser runtime that drives it.
 *
 * A figure is a module in site/figures/ that exports `controls` and `render(params, document)`.
 * It computes with the core (src/) and draws with Plot; it never re-implements the math.
 * The runtime builds nothing: Figure.astro renders the controls and a first SVG at build
 * time; here we wire the controls, keep the settings in the URL, redraw on every change and,
 * when the core refuses a setting, show its message in words instead of a figure.
 *
 * Text alternative (for every figure, framework-calculator.ts included): render() attaches a
 * description of what the figure shows, with its current numbers, by calling
 * `describe(element, text)` from site/lib/description.ts on the element it returns (one function
 * per module builds the text, so it can move to a message table). The shared layer below takes it
 * out of the drawing (`drawDescribed`) and writes it into the figure's `.figure-description`
 * paragraph (visually hidden, read in reading order), which every drawn image and the output
 * reference with aria-describedby. It is rewritten on every redraw; it is not a live region.
 * A refused setting's description is the error in words.
 *
 * Shared links: settings in the URL (`?<id>.<name>=<value>`) are untrusted input. parseUrlState()
 * accepts only values a control can hold (a number on the range's grid, an offered option,
 * true/false); anything else keeps the default and is named in a visible note.
 */
import { pageLang, t, tables, type Lang, type MessageKey } from '../i18n';
import { takeDescription } from './description';
import { markScrollers } from './scrollers';
import { svgImages } from './svgImages';

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
  /**
   * Draws the figure; throws (the core's own message) on settings the core refuses. The element
   * carries its description (site/lib/description.ts `describe`), see the comment at the top.
   */
  render(params: Params, document: Document): Element;
  /** Ranges whose bounds depend on the other settings (e.g. the step of an animation). */
  limits?(params: Params): Record<string, { min?: number; max: number }>;
  /** Controls that do not apply to these settings (e.g. another framework's arguments); they are hidden. */
  hidden?(params: Params): readonly string[];
}

/**
 * A control's label, or one of its options' (`option` = the option's value), in `lang`: the
 * table's '<figure>.label.<control>' or '<figure>.option.<control>.<value>' when there is one,
 * else the label as the module declares it (code, numbers, proper names need no key).
 */
export function controlLabel(figure: string, control: Control, lang: Lang, option?: Option): string {
  const key = option ? `${figure}.option.${control.name}.${option.value}` : `${figure}.label.${control.name}`;
  return key in tables.en ? t(key as MessageKey, lang) : (option ?? control).label;
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
  svgImages(root, (svg) => {
    const siblings = Array.from(svg.parentElement?.children ?? []);
    return siblings.find((el) => el.classList.contains('panel-title'))?.textContent || name;
  });
  return root;
}

/** Draws, or explains why not. Never returns a blank. */
export function draw(figure: FigureModule, params: Params, document: Document, name = 'figure'): Element {
  return drawDescribed(figure, params, document, name).element;
}

export interface Drawn {
  element: Element;
  /** What the figure shows with its numbers; the error in words when the core refused. */
  description: string;
}

/** Draws (or explains why not) and takes the figure's description out of the drawing. */
export function drawDescribed(figure: FigureModule, params: Params, document: Document, name = 'figure'): Drawn {
  let element: Element;
  try {
    element = figure.render(params, document);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { element: errorBox(document, message), description: t('figure.error.description', pageLang(document), { message }) };
  }
  const description = takeDescription(element) ?? `${name}: no description.`;
  return { element: accessible(element, name), description };
}

/** Points every image of a drawing at the figure's description. */
export function linkDescription(output: Element, descriptionId: string): void {
  for (const svg of Array.from(output.querySelectorAll('svg[role="img"]'))) svg.setAttribute('aria-describedby', descriptionId);
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

/** Longest URL value looked at; anything longer is refused unread (a shared link is untrusted). */
const MAX_URL_VALUE = 64;

/** A value for a message: short, on one line. */
function shown(value: string, lang: Lang): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > 24 ? t('url.long', lang, { start: flat.slice(0, 24), length: value.length }) : `"${flat}"`;
}

/** Why `given` cannot set control `c` (in `lang`), or null when it can. */
function refusal(c: Control, given: string, lang: Lang): string | null {
  if (given.length > MAX_URL_VALUE) return t('url.tooLong', lang);
  if (c.kind === 'checkbox') return given === 'true' || given === 'false' ? null : t('url.boolean', lang);
  if (c.kind === 'select') {
    const values = (c.options ?? []).map((o) => o.value);
    return values.includes(given) ? null : t('url.oneOf', lang, { values: values.join(', ') });
  }
  const min = c.min ?? 0;
  const max = c.max ?? 100;
  const step = c.step ?? 1;
  const v = /^-?\d+(\.\d+)?$/.test(given) ? Number(given) : NaN;
  const onGrid = Math.abs((v - min) / step - Math.round((v - min) / step)) < 1e-9;
  return Number.isFinite(v) && v >= min && v <= max && onGrid ? null : t('url.range', lang, { min, max, step });
}

export interface UrlState {
  /** Every control's value: the link's where usable, else the default. */
  params: Params;
  /** One sentence per unusable setting; empty when the link was fine. */
  problems: string[];
}

/**
 * Reads figure `id`'s settings from a query string. Only values a control can hold are taken;
 * a repeated, unknown, malformed or out-of-range setting keeps its default and is named in
 * `problems`, in `lang` (with the controls' labels in that language when `figure` names the
 * figure module). Keys of other figures or of other tools are not this figure's business.
 */
export function parseUrlState(search: string, id: string, controls: readonly Control[], lang: Lang = 'en', figure?: string): UrlState {
  const query = new URLSearchParams(search);
  const params = defaults(controls);
  const problems: string[] = [];
  const names = new Set(controls.map((c) => c.name));
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (!key.startsWith(`${id}.`) || seen.has(key)) continue;
    seen.add(key);
    const name = key.slice(id.length + 1);
    if (!names.has(name)) problems.push(t('url.unknown', lang, { name: shown(name, lang) }));
  }
  for (const c of controls) {
    const all = query.getAll(urlKey(id, c.name));
    if (all.length === 0) continue;
    const label = figure ? controlLabel(figure, c, lang) : c.label;
    const value = String(c.value);
    if (all.length > 1) {
      problems.push(t('url.repeated', lang, { label, count: all.length, value }));
      continue;
    }
    const why = refusal(c, all[0], lang);
    if (why) problems.push(t('url.refused', lang, { label, given: shown(all[0], lang), why, value }));
    else params[c.name] = c.kind === 'checkbox' ? all[0] === 'true' : c.kind === 'range' ? Number(all[0]) : all[0];
  }
  return { params, problems };
}

/** The visible note naming a link's unusable settings (at most five, then a count), in the page's language. */
function urlNote(root: HTMLElement, problems: readonly string[], lang: Lang): void {
  root.querySelector('.figure-url-note')?.remove();
  if (problems.length === 0) return;
  const note = document.createElement('p');
  note.className = 'figure-url-note';
  note.setAttribute('role', 'status');
  const listed = problems.slice(0, 5).join(t('url.join', lang));
  const more = problems.length > 5 ? t('url.more', lang, { count: problems.length - 5 }) : '';
  note.textContent = t('url.note', lang, { list: listed, more });
  root.querySelector('.figure-output')?.before(note);
}

/** Sets the controls from the URL (shared links), the defaults where it says nothing usable. */
function applyUrl(root: HTMLElement, id: string, controls: readonly Control[]): void {
  const lang = pageLang(root.ownerDocument);
  const { params, problems } = parseUrlState(location.search, id, controls, lang, root.dataset.figure);
  for (const c of controls) {
    const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-param="${c.name}"]`);
    if (!input) continue;
    if (c.kind === 'checkbox') (input as HTMLInputElement).checked = params[c.name] === true;
    else input.value = String(params[c.name]);
  }
  urlNote(root, problems, lang);
}

/** This figure's part of the address, to tell whether a navigation changed it. */
function ownQuery(id: string): string {
  return Array.from(new URLSearchParams(location.search)).filter(([key]) => key.startsWith(`${id}.`)).map((kv) => kv.join('=')).join('&');
}

function writeUrl(id: string, controls: readonly Control[], params: Params): void {
  const url = new URL(location.href);
  const names = new Set(controls.map((c) => c.name));
  for (const key of Array.from(url.searchParams.keys())) {
    if (key.startsWith(`${id}.`) && !names.has(key.slice(id.length + 1))) url.searchParams.delete(key);
  }
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
      const { element: drawn, description } = drawDescribed(figure, params, document, root.dataset.figure);
      target.style.minHeight = drawn.classList.contains('figure-error') && height > 0 ? `${height}px` : '';
      target.replaceChildren(drawn);
      root.dataset.renderMs = (performance.now() - start).toFixed(2);
      const described = root.querySelector<HTMLElement>('.figure-description');
      if (described) {
        described.textContent = description;
        linkDescription(target, described.id);
      }
      markScrollers(root);
      const status = root.querySelector('.figure-status');
      if (status) status.textContent = summary(target);
      root.dataset.renders = String(Number(root.dataset.renders ?? 0) + 1);
      writeUrl(id, figure.controls, params);
      own = ownQuery(id);
    });
  };
  root.querySelector('form')?.addEventListener('input', () => {
    urlNote(root, [], 'en'); // the reader has taken over from the link
    update();
  });
  root.querySelector('form')?.addEventListener('submit', (e) => e.preventDefault());
  // Back/forward (or a script changing the address) brings the URL's settings back; a figure
  // whose own settings did not change is not redrawn.
  let own = ownQuery(id);
  window.addEventListener('popstate', () => {
    if (ownQuery(id) === own) return;
    applyUrl(root, id, figure.controls);
    update();
  });
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
    load().then((figure) => mount(root, figure), (e: unknown) => {
      root.querySelector('.figure-output')?.replaceChildren(errorBox(document, `the figure's code did not load (${e instanceof Error ? e.message : String(e)}); reload the page`));
    });
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
