/**
 * Values -> output blocks, in the worker. console.log prints text (nested arrays of numbers
 * pretty-printed with aligned columns, the way NumPy prints them); tensors, typed arrays and
 * Plot figures become rich blocks; `display(value)` also turns 2-D arrays into matrices and
 * arrays of records into tables.
 */
// The library's data side only: Plot stays out of the worker until a cell imports it.
import { slicesOf } from '../../draw/numbers';
import type { Output } from './protocol';

/** Cells shown per matrix slice side, slices per tensor, rows per table: beyond this, elide. */
export const LIMITS = { side: 64, slices: 16, rows: 200, items: 100, depth: 6, width: 72, svg: 2_000_000 };

type Typed = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;
type ElementLike = { nodeType: number; tagName: string; outerHTML: string; textContent: string | null; children: ArrayLike<ElementLike>; getAttribute(name: string): string | null };

const isTyped = (v: unknown): v is Typed => ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof (v as Typed).length === 'number' && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

/** A tensor of the core: {shape, data} with data.length = product(shape). */
export function isTensor(v: unknown): v is { shape: readonly number[]; data: Float32Array | Float64Array } {
  if (v === null || typeof v !== 'object') return false;
  const { shape, data } = v as { shape?: unknown; data?: unknown };
  return Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0) && isTyped(data) &&
    data.length === shape.reduce((a: number, b: number) => a * b, 1);
}

function isElement(v: unknown): v is ElementLike {
  return v !== null && typeof v === 'object' && (v as ElementLike).nodeType === 1 && typeof (v as ElementLike).outerHTML === 'string';
}

/** Axes and elements past which nested arrays are printed as objects (cut short), not as a grid. */
const GRID = { rank: 32, elements: 10_000_000 };

/**
 * Rectangular nested arrays of numbers, depth >= 1: their shape; otherwise undefined. An array
 * that contains itself, nesting deeper than GRID.rank, holes or more than GRID.elements numbers
 * are not a grid: they go to `show`, which cuts cycles and depth as Node's util.inspect does.
 */
export function numericShape(v: unknown): number[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const shape: number[] = [];
  const path = new Set<unknown>();
  let level: unknown = v;
  let total = 1;
  while (Array.isArray(level)) {
    if (path.has(level) || shape.length >= GRID.rank) return undefined;
    path.add(level);
    shape.push(level.length);
    total *= level.length;
    if (level.length === 0 || total > GRID.elements) return undefined;
    level = level[0];
  }
  const check = (a: unknown, d: number): boolean => {
    if (d === shape.length) return typeof a === 'number';
    if (!Array.isArray(a) || a.length !== shape[d]) return false;
    for (let i = 0; i < a.length; i++) if (!check(a[i], d + 1)) return false;
    return true;
  };
  return check(v, 0) ? shape : undefined;
}

/** A number as JavaScript prints it (with -0). */
const num = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

/** NumPy-style text for rectangular nested arrays of numbers: columns aligned, long axes elided. */
export function formatArray(v: unknown[], shape: number[]): string {
  const total = shape.reduce((a, b) => a * b, 1);
  const elide = total > 1000;
  const keep = (n: number) => (elide && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i));
  const cells: string[] = [];
  const collect = (a: unknown, d: number) => {
    if (d === shape.length) return void cells.push(num(a as number));
    for (const i of keep(shape[d])) if (i >= 0) collect((a as unknown[])[i], d + 1);
  };
  collect(v, 0);
  const width = Math.max(...cells.map((c) => c.length));
  const pad = (s: string) => s.padStart(width);
  const render = (a: unknown, d: number, indent: string): string => {
    const parts = keep(shape[d]).map((i) => (i < 0 ? '...' : d === shape.length - 1 ? pad(num((a as number[])[i])) : render((a as unknown[])[i], d + 1, indent + ' ')));
    if (d === shape.length - 1) return `[${wrapRow(parts, indent + ' ')}]`;
    const gap = ',' + '\n'.repeat(Math.max(1, shape.length - d - 1)) + indent + ' ';
    return `[${parts.join(gap)}]`;
  };
  return render(v, 0, '');
}

/** A row of numbers on lines of at most LIMITS.width characters. */
function wrapRow(parts: string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const p of parts) {
    const next = line ? `${line}, ${p}` : p;
    if (line && indent.length + next.length > LIMITS.width) {
      lines.push(line + ',');
      line = p;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n' + indent);
}

/**
 * Text for any value, like Node's console.log (util.inspect): strings raw at the top level,
 * quoted inside. Like util.inspect it never runs the value's code where it can avoid it (getters
 * show as [Getter], Symbols and BigInt print, cycles as [Circular], nesting past LIMITS.depth as
 * [Object] or [Array]); code it cannot avoid (a Proxy's traps, a custom iterator) that throws
 * yields a note in place of that value, never an exception out of console.log.
 */
export function inspect(value: unknown, top = true): string {
  try {
    if (typeof value === 'string') return top ? value : quote(value);
    const shape = numericShape(value);
    if (shape && shape.length > 0) return formatArray(value as unknown[], shape);
    return show(value, 0, new Set());
  } catch (error) {
    return uninspectable(error);
  }
}

/** What a value whose inspection threw shows instead (the thrown value itself is not trusted either). */
function uninspectable(error: unknown): string {
  let why = 'an exception';
  try {
    why = error instanceof Error ? `${String(error.name)}: ${String(error.message)}` : typeof error === 'string' ? error : typeof error;
  } catch {
    // keep the generic words
  }
  return `[value could not be inspected: ${why.slice(0, 200)}]`;
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const key = (k: string | symbol) => (typeof k === 'symbol' ? `[${k.toString()}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));

/** util.inspect's word for an accessor property: it shows that a getter is there without calling it. */
function accessor(d: PropertyDescriptor): string {
  return d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
}

/** Own enumerable properties (string keys, then Symbols, as util.inspect lists them), at most `max`. */
function properties(o: object, max: number, skip: (k: string) => boolean, inner: (x: unknown) => string): { items: string[]; more: number } {
  const items: string[] = [];
  let more = 0;
  for (const k of Reflect.ownKeys(o)) {
    if (typeof k === 'string' && skip(k)) continue;
    const d = Reflect.getOwnPropertyDescriptor(o, k);
    if (!d?.enumerable) continue;
    if (items.length >= max) {
      more++;
      continue;
    }
    items.push(`${key(k)}: ${'value' in d ? inner(d.value) : accessor(d)}`);
  }
  return { items, more };
}

/** An array's items as util.inspect lists them, holes as `<n empty items>`; at most LIMITS.items. */
function arrayItems(list: ArrayLike<unknown>, holes: boolean, inner: (x: unknown) => string): { items: string[]; more: number } {
  const items: string[] = [];
  let shown = 0;
  let i = 0;
  for (; i < list.length && shown < LIMITS.items; shown++) {
    if (holes && !Object.prototype.hasOwnProperty.call(list, i)) {
      const j = nextOwn(list, i);
      items.push(`<${j - i} empty item${j - i > 1 ? 's' : ''}>`);
      i = j;
      continue;
    }
    const d = holes ? Reflect.getOwnPropertyDescriptor(list, i) : undefined;
    items.push(d && !('value' in d) ? accessor(d) : inner(list[i]));
    i++;
  }
  return { items, more: list.length - i };
}

/** The first index after `i` that holds an item, or the length (a hole may span a billion indices). */
function nextOwn(list: ArrayLike<unknown>, i: number): number {
  for (let j = i + 1; j < Math.min(list.length, i + 1000); j++) if (Object.prototype.hasOwnProperty.call(list, j)) return j;
  let next = list.length;
  for (const k of Object.keys(list)) {
    const n = Number(k);
    if (Number.isInteger(n) && n > i && n < next) next = n;
  }
  return next;
}

/** At most LIMITS.items entries of an iterable, taken one by one (a custom iterator may never end). */
function take<T>(iterable: Iterable<T>): T[] {
  const out: T[] = [];
  for (const x of iterable) {
    if (out.length >= LIMITS.items) break;
    out.push(x);
  }
  return out;
}

function showError(o: Error): string {
  const stack = Reflect.getOwnPropertyDescriptor(o, 'stack');
  const text = stack && 'value' in stack && typeof stack.value === 'string' ? stack.value : '';
  return text && !text.includes('cell-') ? text : `${String(o.name)}: ${String(o.message)}`;
}

function show(v: unknown, depth: number, seen: Set<object>): string {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return num(v);
    case 'bigint': return `${v}n`;
    case 'undefined': return 'undefined';
    case 'boolean': return String(v);
    case 'symbol': return v.toString();
    case 'function': {
      const name = Reflect.getOwnPropertyDescriptor(v, 'name');
      const text = name && 'value' in name && typeof name.value === 'string' ? name.value : '';
      return `[Function${text ? `: ${text}` : ' (anonymous)'}]`;
    }
  }
  if (v === null) return 'null';
  const o = v as object;
  if (seen.has(o)) return '[Circular]';
  try {
    if (o instanceof Error) return showError(o);
    if (o instanceof Date) return isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof RegExp) return String(o);
    if (isElement(o)) return `<${String(o.tagName).toLowerCase()}>`;
    if (depth >= LIMITS.depth) return Array.isArray(o) ? '[Array]' : '[Object]';
    seen.add(o);
    return showContainer(o, depth, seen);
  } catch (error) {
    return uninspectable(error);
  } finally {
    seen.delete(o);
  }
}

function showContainer(o: object, depth: number, seen: Set<object>): string {
  let open = '{';
  let close = '}';
  let prefix = '';
  let items: string[];
  let more = 0;
  const inner = (x: unknown) => show(x, depth + 1, seen);
  if (Array.isArray(o) || isTyped(o)) {
    const list = o as ArrayLike<unknown>;
    prefix = Array.isArray(o) ? '' : `${o.constructor.name}(${list.length}) `;
    open = '[';
    close = ']';
    ({ items, more } = arrayItems(list, Array.isArray(o), inner));
  } else if (o instanceof Map) {
    prefix = `Map(${o.size}) `;
    items = take(o).map(([k, x]) => `${inner(k)} => ${inner(x)}`);
    more = o.size - items.length;
  } else if (o instanceof Set) {
    prefix = `Set(${o.size}) `;
    items = take(o).map(inner);
    more = o.size - items.length;
  } else {
    const proto = Object.getPrototypeOf(o);
    const ctor = proto ? Reflect.getOwnPropertyDescriptor(proto, 'constructor') : undefined;
    const name = ctor && 'value' in ctor && typeof ctor.value === 'function' ? show(ctor.value, LIMITS.depth, seen).replace(/^\[Function:? ?|\]$/g, '') : '';
    prefix = proto === null ? '[Object: null prototype] ' : name && name !== 'Object' && name !== '(anonymous)' ? `${name} ` : '';
    ({ items, more } = properties(o, LIMITS.items, () => false, inner));
  }
  if (more > 0) items.push(`... ${more} more item${more > 1 ? 's' : ''}`);
  if (!items.length) return `${prefix}${open}${close}`;
  const flat = `${prefix}${open}${open === '{' ? ' ' : ''}${items.join(', ')}${open === '{' ? ' ' : ''}${close}`;
  if (flat.length <= LIMITS.width && !flat.includes('\n')) return flat;
  const pad = '  ';
  return `${prefix}${open}\n${items.map((s) => pad + s.replace(/\n/g, '\n' + pad)).join(',\n')}\n${close}`;
}

function dims(shape: readonly number[]): string {
  return shape.join('×');
}

/** A tensor as matrices: 1-D as one row, 2-D as itself, higher ranks one slice per leading index (draw/numbers.ts). */
export function tensorOutput(t: { shape: readonly number[]; data: ArrayLike<number> & { constructor: { name: string } } }, title?: string): Output {
  const { shape, data } = t;
  const dtype = data.constructor.name.replace(/Array$/, '').toLowerCase();
  const name = title ?? `Tensor ${shape.length ? dims(shape) : 'scalar'} ${dtype}`;
  const { slices, omitted, clipped } = slicesOf(t, { side: LIMITS.side, count: LIMITS.slices });
  return { kind: 'matrix', title: name + (clipped ? ` (first ${LIMITS.side}×${LIMITS.side} shown)` : ''), slices, omitted };
}

/** An SVG element or a Plot figure (<figure> with titles and SVGs) as images and text. */
export function elementOutputs(el: ElementLike): Output[] {
  const tag = el.tagName.toLowerCase();
  if (tag === 'svg') {
    let svg = el.outerHTML;
    if (!/^<svg[^>]*\sxmlns=/.test(svg)) svg = svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
    if (svg.includes('xlink:') && !/^<svg[^>]*\sxmlns:xlink=/.test(svg)) svg = svg.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
    if (svg.length > LIMITS.svg) return [{ kind: 'text', text: `(an SVG of ${svg.length} characters is too large to show)`, level: 'warn' }];
    return [{ kind: 'image', svg, alt: el.getAttribute('aria-label') ?? 'A figure drawn by the cell' }];
  }
  if (tag === 'style' || tag === 'script') return [];
  const children = Array.from(el.children);
  if (!children.length || !el.outerHTML.includes('<svg')) {
    const text = (el.textContent ?? '').trim();
    return text ? [{ kind: 'text', text, level: 'log' }] : [];
  }
  return children.flatMap(elementOutputs);
}

/** Rows of records as a table. */
function recordsOutput(list: readonly Record<string, unknown>[], title: string): Output {
  const columns: string[] = [];
  for (const r of list.slice(0, LIMITS.rows)) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const rows = list.slice(0, LIMITS.rows).map((r) => columns.map((c) => (c in r ? inspect(r[c], false) : '')));
  return { kind: 'table', title, columns, rows, omitted: list.length - rows.length };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !isTyped(v) && !isElement(v) && Object.getPrototypeOf(v) === Object.prototype;

/** What console.log shows: text, except tensors, typed arrays and figures get their own block. */
export function logOutputs(args: unknown[], level: 'log' | 'info' | 'warn' | 'error' = 'log'): Output[] {
  const out: Output[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length) out.push({ kind: 'text', text: text.join(' '), level });
    text = [];
  };
  for (const a of args) {
    const rich = guarded(() => (isTensor(a) ? tensorOutput(a) : isTyped(a) ? typedOutput(a) : isElement(a) ? elementOutputs(a) : undefined), () => undefined);
    if (rich === undefined) {
      text.push(inspect(a));
      continue;
    }
    flush();
    out.push(...(Array.isArray(rich) ? rich : [rich]));
  }
  flush();
  if (!out.length) out.push({ kind: 'text', text: '', level });
  return out;
}

function typedOutput(a: Typed): Output {
  return tensorOutput({ shape: [a.length], data: a as unknown as ArrayLike<number> & { constructor: { name: string } } }, `${a.constructor.name}(${a.length})`);
}

/** `rich()`, or `plain()` if the value's own code (a getter, a Proxy trap) threw on the way. */
function guarded<T>(rich: () => T, plain: () => T): T {
  try {
    return rich();
  } catch {
    return plain();
  }
}

const plainText = (value: unknown): Output[] => [{ kind: 'text', text: inspect(value), level: 'log' }];

/** What display(value) shows: the richest form of the value (its text if reading it threw). */
export function displayOutputs(value: unknown): Output[] {
  return guarded(() => richOutputs(value), () => plainText(value));
}

function richOutputs(value: unknown): Output[] {
  if (isTensor(value)) return [tensorOutput(value)];
  if (isTyped(value)) return [typedOutput(value)];
  if (isElement(value)) return elementOutputs(value);
  const shape = numericShape(value);
  if (shape && (shape.length === 1 || shape.length === 2)) {
    const rows = shape.length === 1 ? [value as number[]] : (value as number[][]);
    const shown = rows.slice(0, LIMITS.side).map((r) => r.slice(0, LIMITS.side));
    return [{ kind: 'matrix', title: `${shape.length}-D array ${dims(shape)}`, slices: [{ label: '', rows: shown }], omitted: 0 }];
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) return [recordsOutput(value, `${value.length} rows`)];
  if (isRecord(value)) return [recordsOutput(Object.entries(value).map(([k, v]) => ({ key: k, value: v })), '')];
  return plainText(value);
}

/** console.table: records (or arrays of arrays) as a table. */
export function tableOutputs(value: unknown): Output[] {
  return guarded(() => tableOf(value), () => plainText(value));
}

function tableOf(value: unknown): Output[] {
  if (Array.isArray(value) && value.every((r) => r !== null && typeof r === 'object')) {
    return [recordsOutput(value.map((r) => (Array.isArray(r) ? Object.fromEntries(r.map((x, i) => [String(i), x])) : r) as Record<string, unknown>), '')];
  }
  return displayOutputs(value);
}
