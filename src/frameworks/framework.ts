/**
 * What a framework declares to join the registry (src/frameworks/registry.ts): its name, its
 * arguments (type, range, which are required, choices), the form fields a calculator shows
 * for it, `from` / `to` between its arguments and the canonical (ONNX) form, and its code
 * generator. Adding a framework is one file exporting a `FrameworkSpec` and one line in the
 * registry; the calculator (site/figures/framework-calculator.ts) renders from the registry.
 */
import { fail, show } from '../errors';
import type { ConvTransposeOptions } from '../shape';
import type { Argument, Resolved, Translation } from './common';
import type { CodeOptions } from './text';

/** One of the framework's own arguments (defined beside the translations that check them). */
export type { Argument } from './common';

/** The value of one form field: an int field's number, a choice's string, a flag's boolean. */
export type FieldValue = number | string | boolean;
/** A framework's form values by field name (without the key prefix). */
export type FieldValues = Readonly<Record<string, FieldValue>>;

interface FieldBase {
  /** Unique within the framework; the calculator's control (and URL key) is `${key}_${name}`. */
  name: string;
  label: string;
  /** Whether the field matters given the other fields' values (default: always). */
  shown?(values: FieldValues): boolean;
}
export interface IntField extends FieldBase { kind: 'int'; min: number; max: number; value: number }
export interface ChoiceField extends FieldBase { kind: 'choice'; value: string; options: readonly { value: string; label: string }[] }
export interface FlagField extends FieldBase { kind: 'flag'; value: boolean }
/** A form field for the framework's own arguments; the example's size, kernel, stride and dilation are shared. */
export type Field = IntField | ChoiceField | FlagField;

/** The shared part of an example: spatial input, kernel, strides and dilations. */
export interface Example {
  input: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
}

/** Where and how the framework's generated code is checked (said on the page and on each card). */
export type Checked = 'executed' | 'text';

/**
 * What one framework file exports to join the registry: its description, arguments and form fields,
 * and the typed functions from/to/code between its `Args` and the canonical (ONNX) form. Wrapped by
 * `framework` into a registry entry; see CONTRIBUTING.md for adding one.
 */
export interface FrameworkSpec<Args extends object> {
  /** Stable id (the calculator's `fw` value). */
  id: string;
  label: string;
  /** Prefix of its form fields' control names. */
  key: string;
  /** Language of the generated code. */
  language: string;
  /** Spatial ranks the framework has (TF.js: 2 and 3). */
  ranks: readonly number[];
  /** Its own arguments (unknown keys are refused by `from`). */
  arguments: readonly Argument[];
  fields: readonly Field[];
  /** The field holding the output size, when the framework takes one and the values use it. */
  sizeField?(values: FieldValues): string | null;
  /** Form values (by field name, without the key prefix) and the example -> the framework's arguments. */
  args(values: FieldValues, example: Example, outputSize: number[]): Args;
  from(args: Args, inputShape: readonly number[], kernel: readonly number[]): Resolved;
  to(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<Args>;
  code(t: Translation<Args>, options: CodeOptions): string;
  /** 'executed': the generated code runs in the framework in the tests; 'text': checked as text only. */
  checked: Checked;
  /** One line saying how the code is checked, with the reason. */
  checkedNote: string;
}

/** A translation with its code: what the calculator shows for one framework. */
export interface Rendered {
  translation: Translation<object>;
  code(options: CodeOptions): string;
}

/** A registry entry: the spec's typed functions closed over its own argument type, so callers need no casts. */
export interface Framework {
  id: string;
  label: string;
  key: string;
  language: string;
  ranks: readonly number[];
  arguments: readonly Argument[];
  fields: readonly Field[];
  checked: Checked;
  checkedNote: string;
  sizeField(values: FieldValues): string | null;
  /** Arguments entered in the form -> what the framework computes with them, and their code. */
  enter(values: FieldValues, example: Example, outputSize: number[]): Rendered & { resolved: Resolved };
  /** The canonical form -> the framework's closest arguments, and their code. */
  translate(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Rendered;
}

/**
 * Wraps a typed spec as a registry entry: `enter` reads form values through spec.args and spec.from
 * (exact by definition: the framework computes what its arguments say), `translate` runs spec.to,
 * and both carry spec.code. Does not validate the spec (its functions validate their own arguments).
 *
 * @example
 * import { caffeCode, framework, fromCaffe, toCaffe, type CaffeArgs, type FrameworkSpec } from 'deconv';
 * // A second Caffe entry, with one form field for pad: what a new framework file declares.
 * const spec: FrameworkSpec<CaffeArgs> = {
 *   id: 'caffe2', label: 'Caffe (copy)', key: 'caffe2', language: 'prototxt', ranks: [1, 2, 3],
 *   arguments: [
 *     { name: 'kernel_size', type: 'ints', required: true, min: 1, doc: 'size of the kernel' },
 *     { name: 'stride', type: 'ints', required: false, min: 1, doc: 'step between stamps' },
 *     { name: 'pad', type: 'ints', required: false, min: 0, doc: 'cropped from both ends' },
 *   ],
 *   fields: [{ name: 'pad', label: 'pad', kind: 'int', min: 0, max: 4, value: 1 }],
 *   args: (values, example) => ({ kernel_size: example.kernel, stride: example.strides, pad: Number(values.pad) }),
 *   from: fromCaffe, to: toCaffe, code: caffeCode, checked: 'text', checkedNote: 'checked as text',
 * };
 * const entry = framework(spec);
 * // Kernel 4, stride 2, pad 1 on 3: 2*(3-1) + 4 - 2 = 6.
 * const shown = entry.enter({ pad: 1 }, { input: [3], kernel: [4], strides: [2], dilations: [1] }, [6]);
 * console.log(shown.resolved.outputShape, shown.translation.exact); // => [6] true
 */
export function framework<Args extends object>(spec: FrameworkSpec<Args>): Framework {
  if (spec === null || typeof spec !== 'object') fail('framework', `spec=${show(spec)} must be a FrameworkSpec object`, TypeError);
  for (const key of ['args', 'from', 'to', 'code'] as const) {
    if (typeof spec[key] !== 'function') fail('framework', `spec.${key}=${show(spec[key])} must be a function (see FrameworkSpec)`, TypeError);
  }
  const rendered = (t: Translation<Args>): Rendered => ({ translation: t, code: (options) => spec.code(t, options) });
  return {
    id: spec.id, label: spec.label, key: spec.key, language: spec.language, ranks: spec.ranks,
    arguments: spec.arguments, fields: spec.fields, checked: spec.checked, checkedNote: spec.checkedNote,
    sizeField: (values) => spec.sizeField?.(values) ?? null,
    enter(values, example, outputSize) {
      const args = spec.args(values, example, outputSize);
      const resolved = spec.from(args, example.input, example.kernel);
      const entered: Translation<Args> = { args, exact: true, shift: example.input.map(() => 0), outputShape: resolved.outputShape };
      return { ...rendered(entered), resolved };
    },
    translate: (options, inputShape, kernel) => rendered(spec.to(options, inputShape, kernel)),
  };
}
