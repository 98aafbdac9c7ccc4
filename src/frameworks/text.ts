/**
 * What every code generator shares: reading its options, per-axis values, wrapping lines at
 * 80 columns, the NOT EXACT header, and the example's data (x, w and the output the core
 * computes) written as Python literals, or as a short formula when they are too long to read.
 */
import { convTranspose } from '../convTranspose';
import { checkInteger, checkIntegers, checkOptions, fail, show } from '../errors';
import type { ConvTransposeOptions } from '../shape';
import { checkTensor, sizeOf, type Tensor } from '../tensor';
import type { Translation } from './common';

/** What the generated code needs besides the arguments: the example input's size and channels, and optionally its data. */
export interface CodeOptions {
  /** Spatial input shape (1 to 3 axes). */
  inputShape: readonly number[];
  /** Input channels (default: the groups, i.e. 1 without groups). */
  inChannels?: number;
  /** Output channels (default: the groups). */
  outChannels?: number;
  /** The input [1, C_in, ...inputShape] written into the code that runs (default: the pattern `patternValue(i, 37, 21)`). */
  x?: Tensor;
  /** The weight [C_in, C_out / groups, ...kernel] (default: the pattern `patternValue(i, 53, 19)`). */
  w?: Tensor;
}

export interface Checked {
  rank: number;
  input: number[];
  cin: number;
  cout: number;
  groups: number;
  output: number[];
}

const CODE_OPTIONS = ['inputShape', 'inChannels', 'outChannels', 'x', 'w'];

export function check(fn: string, t: Translation<object>, options: CodeOptions, groups: unknown, minRank = 1): Checked {
  const tr = checkOptions(fn, 'translation', t);
  checkOptions(fn, 'translation.args', tr.args);
  const opts = checkOptions(fn, 'options', options);
  for (const key of Object.keys(opts)) {
    if (!CODE_OPTIONS.includes(key)) fail(fn, `unknown option ${show(key)}; known options are ${CODE_OPTIONS.join(', ')}`, TypeError);
  }
  if (!Array.isArray(opts.inputShape)) fail(fn, `inputShape=${show(opts.inputShape)} must be an array of 1 to 3 spatial sizes`, TypeError);
  const rank = opts.inputShape.length;
  if (rank < minRank || rank > 3) fail(fn, `inputShape=${show(opts.inputShape)} must have ${minRank} to 3 spatial sizes`);
  const input = checkIntegers(fn, 'inputShape', opts.inputShape, rank, 1, 1);
  const output = checkIntegers(fn, 'translation.outputShape', tr.outputShape, rank, 1, 1);
  const g = groups === undefined ? 1 : checkInteger(fn, 'groups', groups, 1);
  const cin = opts.inChannels === undefined ? g : checkInteger(fn, 'inChannels', opts.inChannels, 1);
  const cout = opts.outChannels === undefined ? g : checkInteger(fn, 'outChannels', opts.outChannels, 1);
  if (cin % g !== 0) fail(fn, `inChannels=${cin} must be divisible by groups=${g}`);
  if (cout % g !== 0) fail(fn, `outChannels=${cout} must be divisible by groups=${g}`);
  return { rank, input, cin, cout, groups: g, output };
}

/** A per-axis argument read like the framework reads it (an int for all axes, or one per axis). */
export function axes(fn: string, name: string, value: unknown, rank: number, min: number, fallback: number): number[] {
  return checkIntegers(fn, name, value, rank, min, fallback);
}

export const list = (values: readonly number[]) => `[${values.join(', ')}]`;
export const pyShape = (values: readonly number[]) => `(${values.join(', ')}${values.length === 1 ? ',' : ''})`;
export const pairs = (values: readonly (readonly number[])[]) => `[${values.map(list).join(', ')}]`;

/** Lines are kept within 80 columns, so the code reads without scrolling. */
const WIDTH = 80;

/** Items filled into lines of at most 80 columns, each indented by four spaces and ending in a comma. */
function filled(items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && 4 + line.length + 2 + item.length + 1 > WIDTH) {
      lines.push(`    ${line},`);
      line = item;
    } else line = line ? `${line}, ${item}` : item;
  }
  lines.push(`    ${line},`);
  return lines;
}

/**
 * A call on one line if it fits, else its arguments filled into indented lines that each end
 * in a comma (valid Python and JavaScript).
 */
export function callText(head: string, args: readonly string[], tail = ''): string {
  const one = `${head}(${args.join(', ')})${tail}`;
  if (one.length <= WIDTH) return one;
  return `${head}(\n${filled(args).join('\n')}\n)${tail}`;
}

/** A bracketed list on one line if it fits, else filled over indented lines. */
function listText(head: string, items: readonly string[], tail: string): string {
  const one = `${head}[${items.join(', ')}]${tail}`;
  if (one.length <= WIDTH) return one;
  return `${head}[\n${filled(items).join('\n')}\n]${tail}`;
}

/** Comment lines (prefix `# ` or `// `) wrapped at 80 columns. */
export function comment(prefix: string, text: string): string[] {
  const lines: string[] = [];
  let line = '';
  // A bracketed group such as [1, 1] or (0, 1) stays on one line.
  for (const word of text.match(/(?:\[[^\]]*\]|\([^)]*\)|[^\s[(])+/g) ?? []) {
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** The header every snippet starts with: a warning when the arguments are not exact. */
export function caveat(prefix: string, t: Translation<object>): string[] {
  if (t.exact) return [];
  const note = t.note ?? 'these arguments do not reproduce the same numbers.';
  const shifted = Array.isArray(t.shift) && t.shift.some((s) => s !== 0) && !/shifted/.test(note) ? ` Output shifted by [${t.shift.join(', ')}].` : '';
  return comment(prefix, `NOT EXACT: ${note}${shifted}`);
}

export const DIMS = ['', '1d', '2d', '3d'];
export const LAYOUT_NC = ['', 'L', 'H, W', 'D, H, W'];
export const LAYOUT_NHWC = ['', 'W', 'H, W', 'D, H, W'];

/**
 * The default example data: value i of a flat tensor is ((i * step) mod period - floor(period/2)) / 10,
 * one decimal between -1 and 1, the same in TypeScript and in the generated Python.
 */
export function patternValue(i: number, step: number, period: number): number {
  return ((i * step) % period - Math.floor(period / 2)) / 10;
}

const X_PATTERN = [37, 21] as const;
const W_PATTERN = [53, 19] as const;

function pattern(shape: readonly number[], [step, period]: readonly [number, number]): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = patternValue(i, step, period);
  return { shape: [...shape], data };
}

/** Tensors up to this many values are written out; longer ones as their pattern. */
const LITERAL_INPUT = 64;
/** Outputs up to this many values are written out in full; longer ones as a sum and their first values. */
const LITERAL_OUTPUT = 128;
const HEAD = 6;

/** A float as Python reads it back, rounded to 4 decimals (no -0; 1.0, not 1, so torch.tensor makes floats). */
export function pyNumber(v: number): string {
  const r = Number(v.toFixed(4));
  return Number.isInteger(r) ? `${r === 0 ? 0 : r}.0` : String(r);
}

/** The example's data and the output the core computes for the arguments' canonical form. */
export interface ExampleData {
  x: Tensor;
  w: Tensor;
  y: Tensor;
  /** Python text defining x and w (with `make` around a flat list, e.g. `torch.tensor`). */
  inputs: string[];
  /** Python text defining `expected` (full) or `expected_sum` and `expected_head`. */
  expected: string[];
  /** True when `expected` holds every value. */
  full: boolean;
}

/**
 * x and w (given, or the default pattern) and y = convTranspose(x, w, canonical), as Python
 * text. `wrap` turns a flat Python list into the framework's tensor type (e.g. `torch.tensor(` ... `)`).
 */
export function exampleData(
  fn: string, c: Checked, kernel: readonly number[], canonical: ConvTransposeOptions, options: CodeOptions,
  wrap: { open: string; close: string },
): ExampleData {
  const xShape = [1, c.cin, ...c.input];
  const wShape = [c.cin, c.cout / c.groups, ...kernel];
  const x = options.x === undefined ? pattern(xShape, X_PATTERN) : checkTensor(fn, 'x', options.x);
  const w = options.w === undefined ? pattern(wShape, W_PATTERN) : checkTensor(fn, 'w', options.w);
  if (show(x.shape) !== show(xShape)) fail(fn, `x.shape=${show(x.shape)} must be ${show(xShape)} for these options`);
  if (show(w.shape) !== show(wShape)) fail(fn, `w.shape=${show(w.shape)} must be ${show(wShape)} for these options`);
  const y = convTranspose(x, w, { ...canonical, groups: c.groups });
  const define = (name: string, t: Tensor, given: boolean, [step, period]: readonly [number, number]) => {
    const reshape = `.reshape${pyShape(t.shape)}`;
    if (given || t.data.length <= LITERAL_INPUT) return listText(`${name} = ${wrap.open}`, Array.from(t.data, pyNumber), `${wrap.close}${reshape}`);
    const formula = `((i * ${step}) % ${period} - ${Math.floor(period / 2)}) / 10`;
    return `${name} = ${wrap.open}[${formula} for i in range(${t.data.length})]${wrap.close}\n${name} = ${name}${reshape}`;
  };
  const inputs = [
    define('x', x, options.x !== undefined, X_PATTERN),
    define('w', w, options.w !== undefined, W_PATTERN),
  ];
  const full = y.data.length <= LITERAL_OUTPUT;
  const expected = full
    ? [listText(`expected = ${wrap.open}`, Array.from(y.data, pyNumber), `${wrap.close}.reshape${pyShape(y.shape)}`)]
    : [
      `expected_sum = ${pyNumber(Array.from(y.data).reduce((a, b) => a + b, 0))}`,
      listText('expected_head = ', Array.from(y.data.subarray(0, HEAD), pyNumber), ''),
    ];
  return { x, w, y, inputs, expected, full };
}
