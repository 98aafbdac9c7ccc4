/**
 * The generated framework code, run in the frameworks. For a sweep of calculator
 * configurations (1-D/2-D/3-D, strides, dilation, groups, asymmetric pads, output padding,
 * output_size / output_shape, SAME with odd and even totals; every source framework):
 *   - each PyTorch snippet runs in PyTorch (/usr/bin/python3, all in one process); its output
 *     must equal the core's for what its arguments mean, and the canonical output as the
 *     translation claims (exact, or framework[i] = canonical[i + shift] where both exist);
 *   - each ONNX snippet builds its model with onnx 1.12's helper API in the same process, and
 *     onnxruntime (onnxruntime-web, in Node) runs it, with the same two comparisons;
 *   - TensorFlow, Keras and Caffe cannot run here: their text is checked against each
 *     framework's documented size formula, written here independently:
 *       TensorFlow  https://www.tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2 (SAME:
 *                   out_conv = ceil(in / s); VALID: ceil((in - (k-1)d) / s)), explicit:
 *                   floor((in + b + e - d(k-1) - 1) / s) + 1
 *                   (https://www.tensorflow.org/api_docs/python/tf/nn/convolution)
 *       Keras       keras/src/backend/common/backend_utils.py, compute_conv_transpose_output_length
 *                   (https://github.com/keras-team/keras/blob/master/keras/src/backend/common/backend_utils.py)
 *       Caffe       out = stride(in - 1) + dilation(k - 1) + 1 - 2 pad
 *                   (https://github.com/BVLC/caffe/blob/master/src/caffe/layers/deconv_layer.cpp)
 * Expected values come from the frameworks (PyTorch, onnxruntime) and those formulas; the
 * core is what is being checked. Without Python/PyTorch/ONNX the run is skipped with a message,
 * except under CI=true, where that is a failure (scripts/setup.sh installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caffeCode, convTranspose, convTransposeOutputSize, frameworkById, fromCaffe, fromKeras, fromOnnx, fromTensorFlow, fromTfjs, fromTorch, kerasCode, onnxCode,
  randomSource, tensorflowCode, toCaffe, toKeras, toOnnx, toTensorFlow, toTorch, torchCode,
  type CaffeArgs, type Canonical, type CodeOptions, type KerasArgs, type OnnxAttrs, type Resolved, type Tensor, type TensorFlowArgs,
  type TfjsArgs, type TorchArgs, type Translation,
} from '../src/index';

const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-4;

/** One calculator configuration: a source framework's arguments and the example's shapes. */
interface Config {
  id: string;
  source: 'torch' | 'onnx' | 'tensorflow' | 'keras' | 'tfjs' | 'caffe';
  input: number[];
  kernel: number[];
  groups: number;
  cin: number;
  cout: number;
  resolved: Resolved;
  /** The source's own code, when it is PyTorch or ONNX (output_size, output_shape, auto_pad as entered). */
  entered?: { kind: 'torch' | 'onnx'; code: string; options: Canonical };
  /** ONNX auto_pad SAME_* where s(in-1) + d(k-1)+1 + output_padding < in*s on some axis (see KNOWN). */
  sameShort?: boolean;
  /** ONNX output_shape smaller than the input on some axis (see Known). */
  smallOutputShape?: boolean;
}

type Next = () => number;
const pick = <T>(next: Next, items: readonly T[]): T => items[Math.floor(next() * items.length)];
const int = (next: Next, lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
const axes = <T>(rank: number, f: (i: number) => T) => Array.from({ length: rank }, (_, i) => f(i));

/** The shapes of one example: per-axis input, kernel, strides, dilations; channels in multiples of the groups. */
function shapes(next: Next, rank: number, dilate: boolean) {
  const big = rank === 3 ? 3 : 5;
  const input = axes(rank, () => int(next, 1, big));
  const kernel = axes(rank, () => int(next, 1, rank === 3 ? 3 : 4));
  const strides = axes(rank, () => int(next, 1, 3));
  const dilations = axes(rank, () => (dilate ? int(next, 1, 2) : 1));
  const groups = pick(next, [1, 1, 2]);
  return { input, kernel, strides, dilations, groups, cin: groups * int(next, 1, 2), cout: groups * int(next, 1, 2) };
}

/** A size the framework accepts, found by asking its adapter (as the calculator does), or null. */
function acceptedSize(next: Next, rank: number, tries: (out: number[]) => boolean, limit: number[]): number[] | null {
  const ok: number[][] = [];
  const per = limit.map((l) => Array.from({ length: l }, (_, i) => i + 1));
  // Per axis independently would miss joint constraints; sample joint candidates instead.
  for (let t = 0; t < 60; t++) {
    const out = axes(rank, (i) => pick(next, per[i]));
    if (tries(out)) ok.push(out);
  }
  return ok.length ? pick(next, ok) : null;
}

const attempt = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

function entry<A extends object>(t: Translation<A>, code: (t: Translation<A>, o: CodeOptions) => string,
  c: { input: number[]; cin: number; cout: number }) {
  return code(t, { inputShape: c.input, inChannels: c.cin, outChannels: c.cout });
}

const exactly = <A extends object>(args: A, r: Resolved): Translation<A> => ({ args, exact: true, shift: r.outputShape.map(() => 0), outputShape: r.outputShape });

/** Tries one configuration of `source`; null when its adapter refuses the draw. */
function draw(next: Next, source: Config['source'], rank: number, id: string): Config | null {
  const s = shapes(next, rank, source !== 'tfjs');
  const limit = s.input.map((n, i) => s.strides[i] * (n + 1) + s.dilations[i] * (s.kernel[i] - 1) + 2);
  const base = { id, source, input: s.input, kernel: s.kernel, groups: s.groups, cin: s.cin, cout: s.cout };
  try {
    if (source === 'torch') {
      const padding = axes(rank, () => int(next, 0, 2));
      const args: TorchArgs = { kernel_size: s.kernel, stride: s.strides, padding, dilation: s.dilations, groups: s.groups };
      if (next() < 0.35) {
        const out = acceptedSize(next, rank, (o) => attempt(() => fromTorch({ ...args, output_size: o }, s.input)), limit);
        if (!out) return null;
        args.output_size = out;
      } else args.output_padding = axes(rank, (i) => int(next, 0, Math.max(s.strides[i], s.dilations[i]) - 1));
      const resolved = fromTorch(args, s.input);
      return { ...base, resolved, entered: { kind: 'torch', code: entry(exactly(args, resolved), torchCode, s), options: resolved.options } };
    }
    if (source === 'onnx') {
      const mode = pick(next, ['pads', 'pads', 'output_shape', 'SAME_UPPER', 'SAME_LOWER', 'VALID'] as const);
      const args: OnnxAttrs = { kernel_shape: s.kernel, strides: s.strides, dilations: s.dilations, group: s.groups };
      if (mode === 'pads') args.pads = axes(2 * rank, () => int(next, 0, 2));
      else if (mode === 'output_shape') {
        const out = acceptedSize(next, rank, (o) => attempt(() => fromOnnx({ ...args, output_shape: o }, s.input, s.kernel)), limit);
        if (!out) return null;
        args.output_shape = out;
      } else args.auto_pad = mode;
      if (mode !== 'output_shape' && next() < 0.5) args.output_padding = axes(rank, (i) => int(next, 0, Math.max(s.strides[i], s.dilations[i]) - 1));
      const resolved = fromOnnx(args, s.input, s.kernel);
      const op = args.output_padding ?? axes(rank, () => 0);
      const sameShort = mode.startsWith('SAME') && s.input.some((n, i) => convTransposeOutputSize(n, s.kernel[i], s.strides[i], s.dilations[i], 0, 0, op[i]) < n * s.strides[i]);
      const smallOutputShape = args.output_shape?.some((o, i) => o < s.input[i]) ?? false;
      return { ...base, resolved, sameShort, smallOutputShape, entered: { kind: 'onnx', code: entry(exactly(args, resolved), onnxCode, s), options: resolved.options } };
    }
    if (source === 'tensorflow') {
      const padding = pick(next, ['SAME', 'VALID', 'explicit'] as const);
      const pairs = [[0, 0], ...axes(rank, () => [int(next, 0, 2), int(next, 0, 2)]), [0, 0]];
      const make = (o: number[]): TensorFlowArgs => ({
        kernel_size: s.kernel, output_shape: o, strides: s.strides, dilations: s.dilations, padding: padding === 'explicit' ? pairs : padding,
      });
      const out = acceptedSize(next, rank, (o) => attempt(() => fromTensorFlow(make(o), s.input)), limit);
      if (!out) return null;
      return { ...base, groups: 1, cin: s.cin / s.groups, cout: s.cout / s.groups, resolved: fromTensorFlow(make(out), s.input) };
    }
    if (source === 'keras') {
      const args: KerasArgs = {
        kernel_size: s.kernel, strides: s.strides, dilation_rate: s.dilations, padding: pick(next, ['valid', 'same'] as const),
        output_padding: next() < 0.5 ? null : axes(rank, (i) => int(next, 0, s.strides[i] - 1)),
      };
      return { ...base, groups: 1, cin: s.cin / s.groups, cout: s.cout / s.groups, resolved: fromKeras(args, s.input) };
    }
    if (source === 'tfjs') {
      if (rank === 1) return null;
      const pad = pick(next, ['same', 'valid', 'number', 'explicit'] as const);
      const p = int(next, 0, 2);
      const b = int(next, 0, 2);
      const e = int(next, 0, 2);
      const make = (o: number[]): TfjsArgs => ({
        filterSize: s.kernel, outputShape: o, strides: s.strides,
        pad: pad === 'number' ? p : pad === 'explicit' ? [[0, 0], [b, e], [b, e], [0, 0]] : pad,
      });
      if (pad === 'explicit' && rank === 3) return null;
      const out = acceptedSize(next, rank, (o) => attempt(() => fromTfjs(make(o), s.input)), limit);
      if (!out) return null;
      return { ...base, groups: 1, cin: s.cin / s.groups, cout: s.cout / s.groups, resolved: fromTfjs(make(out), s.input) };
    }
    const args: CaffeArgs = { kernel_size: s.kernel, stride: s.strides, pad: axes(rank, () => int(next, 0, 2)), dilation: s.dilations, group: s.groups };
    return { ...base, resolved: fromCaffe(args, s.input) };
  } catch {
    return null;
  }
}

const SOURCES: Config['source'][] = ['torch', 'onnx', 'tensorflow', 'keras', 'tfjs', 'caffe'];
const PER_SOURCE = 55;

function configurations(): Config[] {
  const next = randomSource(2026);
  const out: Config[] = [];
  for (const source of SOURCES) {
    let made = 0;
    for (let t = 0; made < PER_SOURCE && t < 2000; t++) {
      const ranks = frameworkById(source)?.ranks ?? [];
      const rank = ranks[made % ranks.length];
      const c = draw(next, source, rank, `${source}-${made}`);
      if (c) {
        out.push(c);
        made++;
      }
    }
  }
  return out;
}

/**
 * Where a framework is known to disagree with the ONNX specification (and with PyTorch); the
 * sweep asserts the disagreement itself, so a fix in the framework shows up here.
 *   ortOutputPadding: onnxruntime's 2-D/3-D ConvTranspose with output_padding >= stride (only
 *     possible with dilation > stride) returns wrong values; PyTorch and the core agree
 *     (https://github.com/microsoft/onnxruntime/issues/14208). 1-D is right.
 *   sameShort: with auto_pad SAME_*, the specification says output = input * stride
 *     (https://github.com/onnx/onnx/blob/main/docs/Operators.md#ConvTranspose), but when the
 *     unpadded size s(in-1) + d(k-1)+1 + output_padding is smaller, onnx 1.12's shape inference
 *     and onnxruntime keep the unpadded size; the core follows the specification. The generated
 *     code says so (and declares y with named sizes, so the model builds); onnxruntime returns
 *     the unpadded size.
 *   smallOutputShape: an output_shape smaller than the input on some axis, where onnx's
 *     convTransposeShapeInference stops adding dims (onnx/defs/nn/defs.cc: "output shape value
 *     cannot be smaller than the input shape value"), so onnx.checker refuses the model (the
 *     generated code says so and gives the pads instead).
 */
type Known = 'ortOutputPadding' | 'sameShort' | 'smallOutputShape';

interface Job { id: string; kind: 'torch' | 'onnx'; code: string; config: Config; meant: Canonical; claim?: Translation<object>; known?: Known }
interface PyResult { id: string; ok: boolean; error?: string; x: number[]; w: number[]; y?: number[]; shape?: number[]; model?: string; printed: number }

function jobsOf(c: Config): Job[] {
  const at = { inputShape: c.input, inChannels: c.cin, outChannels: c.cout };
  const jobs: Job[] = [];
  const canonical = { ...c.resolved.options };
  const torch = toTorch(canonical, c.input, c.kernel);
  jobs.push({ id: `${c.id}/torch`, kind: 'torch', code: torchCode(torch, at), config: c, meant: fromTorch(torch.args, c.input).options, claim: torch });
  const onnx = toOnnx(canonical, c.input, c.kernel);
  jobs.push({ id: `${c.id}/onnx`, kind: 'onnx', code: onnxCode(onnx, at), config: c, meant: fromOnnx(onnx.args, c.input, c.kernel).options, claim: onnx });
  if (c.entered) jobs.push({ id: `${c.id}/entered`, kind: c.entered.kind, code: c.entered.code, config: c, meant: c.entered.options });
  for (const job of jobs) {
    if (job.kind !== 'onnx') continue;
    if (job.id.endsWith('/entered') && c.sameShort) job.known = 'sameShort';
    else if (job.id.endsWith('/entered') && c.smallOutputShape) job.known = 'smallOutputShape';
    else if (c.input.length > 1 && job.meant.outputPadding.some((a, i) => a >= job.meant.strides[i])) job.known = 'ortOutputPadding';
  }
  return jobs;
}

/** The core's output for these options on the snippet's own x and w. */
function core(job: Job, options: Canonical, r: { x: number[]; w: number[] }): Tensor {
  const c = job.config;
  const x: Tensor = { shape: [1, c.cin, ...c.input], data: Float64Array.from(r.x) };
  const w: Tensor = { shape: [c.cin, c.cout / c.groups, ...c.kernel], data: Float64Array.from(r.w) };
  return convTranspose(x, w, { ...options, groups: c.groups });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Largest |framework[i] - canonical[i + shift]| over the positions both have, and how many there were. */
function shiftedDiff(framework: Tensor, canonical: Tensor, shift: number[]): { diff: number; compared: number } {
  const rank = shift.length;
  const fs = framework.shape;
  const cs = canonical.shape;
  const strides = (s: readonly number[]) => s.map((_, i) => s.slice(i + 1).reduce((a, b) => a * b, 1));
  const [fStr, cStr] = [strides(fs), strides(cs)];
  let diff = 0;
  let compared = 0;
  for (let index = 0; index < framework.data.length; index++) {
    let rest = index;
    let target = 0;
    let inside = true;
    for (let a = 0; a < fs.length; a++) {
      const i = Math.floor(rest / fStr[a]);
      rest -= i * fStr[a];
      const j = a < 2 ? i : i + shift[a - 2];
      if (j < 0 || j >= cs[a]) inside = false;
      target += j * cStr[a];
    }
    if (!inside || rank === 0) continue;
    diff = Math.max(diff, Math.abs(framework.data[index] - canonical.data[target]));
    compared++;
  }
  return { diff, compared };
}

function pythonReady(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found (${r.error.message})`;
  return r.status === 0 ? null : `${PYTHON} cannot import torch, onnx and numpy: ${r.stderr.trim().split('\n').pop()}`;
}

const missing = pythonReady();
const configs = configurations();
const jobs = configs.flatMap(jobsOf);

describe('the sweep covers what the issue asks for', () => {
  it('>= 300 configurations from every source framework, 1-D/2-D/3-D, with every feature', () => {
    expect(configs.length).toBeGreaterThanOrEqual(300);
    for (const source of SOURCES) expect(configs.filter((c) => c.source === source).length, source).toBe(PER_SOURCE);
    for (const rank of [1, 2, 3]) expect(configs.filter((c) => c.input.length === rank).length).toBeGreaterThan(60);
    const has = (f: (c: Config) => boolean) => configs.filter(f).length;
    const o = (c: Config) => c.resolved.options;
    expect(has((c) => o(c).strides.some((s) => s > 1))).toBeGreaterThan(100);
    expect(has((c) => o(c).dilations.some((d) => d > 1))).toBeGreaterThan(50);
    expect(has((c) => c.groups > 1)).toBeGreaterThan(30);
    expect(has((c) => o(c).pads.some((p, i) => i < c.input.length && p !== o(c).pads[i + c.input.length]))).toBeGreaterThan(50);
    expect(has((c) => o(c).outputPadding.some((a) => a > 0))).toBeGreaterThan(50);
    expect(has((c) => c.entered?.code.includes('output_size=') ?? false)).toBeGreaterThan(5);
    expect(has((c) => c.entered?.code.includes('output_shape=') ?? false)).toBeGreaterThan(5);
    // SAME (TensorFlow, Keras, TF.js, ONNX auto_pad) with an odd and with an even total padding somewhere.
    const same = configs.filter((c) => /SAME|same/.test(JSON.stringify(c.entered?.code ?? '')) || ['tensorflow', 'keras', 'tfjs'].includes(c.source));
    const totals = same.flatMap((c) => o(c).pads.slice(0, c.input.length).map((b, i) => b + o(c).pads[i + c.input.length]));
    expect(totals.filter((t) => t % 2 === 1).length).toBeGreaterThan(20);
    expect(totals.filter((t) => t > 0 && t % 2 === 0).length).toBeGreaterThan(20);
    expect(has((c) => c.entered?.code.includes('SAME_UPPER') ?? false)).toBeGreaterThan(3);
    expect(has((c) => c.entered?.code.includes('SAME_LOWER') ?? false)).toBeGreaterThan(3);
  });
});

describe.skipIf(missing !== null && process.env.CI !== 'true')('generated PyTorch and ONNX code, executed', () => {
  let results = new Map<string, PyResult>();
  let seconds = 0;
  let folder = '';
  type Ort = typeof import('onnxruntime-web');
  let ort: Ort;
  const largest = { torch: 0, onnx: 0, torchClaim: 0, onnxClaim: 0, ortOutputPadding: 0 };
  const executed = { torch: 0, onnx: 0 };
  const known = { ortOutputPadding: 0, sameShort: 0, smallOutputShape: 0 };

  beforeAll(() => {
    if (missing) throw new Error(`CI=true but ${missing}: run scripts/setup.sh`);
    folder = mkdtempSync(join(tmpdir(), 'deconv-sweep-'));
    const input = join(folder, 'jobs.json');
    const output = join(folder, 'results.json');
    writeFileSync(input, JSON.stringify(jobs.map(({ id, kind, code }) => ({ id, kind, code }))));
    const run = spawnSync(PYTHON, [resolve(__dirname, 'python/run_snippets.py'), input, output], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
    const parsed = JSON.parse(readFileSync(output, 'utf8')) as { seconds: number; results: PyResult[] };
    seconds = parsed.seconds;
    results = new Map(parsed.results.map((r) => [r.id, r]));
    const require = createRequire(import.meta.url);
    ort = require('onnxruntime-web') as Ort;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = join(dirname(require.resolve('onnxruntime-web')), '/');
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    console.log(`framework sweep: ${configs.length} configurations; executed ${executed.torch} PyTorch snippets and ${executed.onnx} ONNX models ` +
      `(python ${seconds.toFixed(1)} s); largest |framework - core|: PyTorch ${largest.torch.toExponential(2)}, onnxruntime ${largest.onnx.toExponential(2)}; ` +
      `largest |framework - canonical| under the exact/shift claim: PyTorch ${largest.torchClaim.toExponential(2)}, ONNX ${largest.onnxClaim.toExponential(2)}; ` +
      `known onnx/onnxruntime disagreements asserted: ${known.ortOutputPadding} output_padding >= stride (largest difference ${largest.ortOutputPadding.toFixed(2)}), ${known.sameShort} SAME with a short unpadded size, ${known.smallOutputShape} output_shape smaller than the input`);
  });

  /** Runs one ONNX model (as the snippet built it) in onnxruntime-web on the snippet's x and w. */
  async function runOnnx(job: Job, r: PyResult): Promise<Tensor> {
    const c = job.config;
    const session = await ort.InferenceSession.create(Buffer.from(r.model!, 'base64'), { executionProviders: ['wasm'] });
    const feeds = {
      x: new ort.Tensor('float32', Float32Array.from(r.x), [1, c.cin, ...c.input]),
      w: new ort.Tensor('float32', Float32Array.from(r.w), [c.cin, c.cout / c.groups, ...c.kernel]),
    };
    const y = (await session.run(feeds)).y;
    const out = { shape: [...y.dims], data: Float64Array.from(y.data as Float32Array) };
    await session.release();
    return out;
  }

  for (const kind of ['torch', 'onnx'] as const) {
    it(`${kind}: every snippet runs, matches the core, and keeps the translation's claim`, async () => {
      const failures: string[] = [];
      for (const job of jobs.filter((j) => j.kind === kind)) {
        const r = results.get(job.id);
        if (job.known === 'smallOutputShape') {
          if (!/ShapeInferenceError.*differ in rank/.test(r?.error ?? '')) failures.push(`${job.id}: expected onnx.checker to refuse an output_shape smaller than the input, got ${r?.ok ? 'success' : r?.error}`);
          else known.smallOutputShape++;
          continue;
        }
        if (job.known === 'sameShort') {
          // onnx 1.12's shape inference and onnxruntime keep the unpadded size, not the specification's in*s.
          if (r?.ok) {
            const ort = await runOnnx(job, r).catch((e: unknown) => ({ shape: [String(e)], data: new Float64Array(0) }));
            if (ort.shape.slice(2).join() === job.config.resolved.outputShape.join()) {
              failures.push(`${job.id}: onnxruntime now gives the specification's in*s (${ort.shape}): drop the known case`);
            } else known.sameShort++;
          } else if (!/ShapeInferenceError.*Inferred shape and existing shape differ/.test(r?.error ?? '')) {
            failures.push(`${job.id}: expected onnx.checker to refuse in*s, got ${r?.error}`);
          } else known.sameShort++;
          continue;
        }
        if (!r?.ok) {
          failures.push(`${job.id}: ${r?.error ?? 'no result'}\n${job.code}`);
          continue;
        }
        expect(r.printed, `${job.id} prints y`).toBeGreaterThan(kind === 'torch' ? 0 : -1);
        let got: Tensor;
        try {
          got = kind === 'torch' ? { shape: r.shape!, data: Float64Array.from(r.y!) } : await runOnnx(job, r);
        } catch (e) {
          failures.push(`${job.id}: onnxruntime throws ${String(e)}\n${job.code}`);
          continue;
        }
        executed[kind]++;
        const want = core(job, job.meant, r);
        if (got.shape.join() !== want.shape.join()) {
          failures.push(`${job.id}: ${kind} gives shape ${got.shape}, the core ${want.shape}\n${job.code}`);
          continue;
        }
        const diff = maxDiff(got.data, want.data);
        if (job.known === 'ortOutputPadding') {
          // The shape is right; the values are onnxruntime's bug (PyTorch's run of this configuration agrees with the core).
          known.ortOutputPadding++;
          largest.ortOutputPadding = Math.max(largest.ortOutputPadding, diff);
          continue;
        }
        largest[kind] = Math.max(largest[kind], diff);
        if (diff > TOLERANCE) failures.push(`${job.id}: |${kind} - core| = ${diff}\n${job.code}`);
        if (!job.claim) continue;
        const canonical = core(job, job.config.resolved.options, r);
        const claim = job.claim;
        if (claim.exact) {
          const same = got.shape.join() === canonical.shape.join();
          const d = same ? maxDiff(got.data, canonical.data) : Infinity;
          largest[`${kind}Claim`] = Math.max(largest[`${kind}Claim`], d);
          if (d > TOLERANCE) failures.push(`${job.id}: claimed exact, but differs from the canonical output by ${d}`);
        } else {
          const { diff: d, compared } = shiftedDiff(got, canonical, claim.shift);
          largest[`${kind}Claim`] = Math.max(largest[`${kind}Claim`], d);
          if (d > TOLERANCE) failures.push(`${job.id}: claimed shift [${claim.shift}], but differs by ${d} over ${compared} values`);
        }
      }
      expect(failures.slice(0, 5).join('\n\n')).toBe('');
      expect(failures.length).toBe(0);
      expect(executed[kind]).toBe(jobs.filter((j) => j.kind === kind && j.known !== 'sameShort' && j.known !== 'smallOutputShape').length);
    }, 300_000);
  }
});

if (missing !== null && process.env.CI !== 'true') {
  describe('generated PyTorch and ONNX code, executed', () => {
    it.skip(`skipped: ${missing} (scripts/setup.sh installs python3-torch and python3-onnx)`, () => {});
  });
}

/** The code with every wrapped call or list joined back onto one line. */
function flat(code: string): string {
  return code.replace(/([([])\n\s*/g, '$1').replace(/,?\n([)\]])/g, '$1').replace(/,\n\s*/g, ', ');
}

/** `name=3` or `name=(3, 2)` (Python's int-or-tuple) read back per axis. */
function pyInts(code: string, name: string, rank: number): number[] {
  const m = new RegExp(`${name}=(\\d+|\\([\\d, ]+\\))`).exec(code);
  if (!m) throw new Error(`no ${name} in ${code}`);
  const values = m[1].replace(/[()]/g, '').split(',').filter((v) => v.trim() !== '').map(Number);
  return values.length === 1 ? axes(rank, () => values[0]) : values;
}

/** The shape in the code's last `assert ... == (...)` line, or Caffe's `-> y: 1x2x5x5`. */
function assertedShape(code: string): number[] {
  const m = /== \(([\d, ]+)\)\s*$/.exec(code) ?? /-> y: ([\dx]+)/.exec(code);
  if (!m) throw new Error(`no asserted shape in ${code}`);
  return m[1].split(/[x,]/).filter((v) => v.trim() !== '').map(Number);
}

describe('TensorFlow, Keras and Caffe code (not run here), checked as text against their documented formulas', () => {
  const textual = configs.map((c) => ({ c, at: { inputShape: c.input, inChannels: c.groups === 1 ? c.cin : c.groups, outChannels: c.groups === 1 ? c.cout : c.groups } }));
  it('TensorFlow: output_shape convolves back to the input by TF\'s rule for its padding; exact => same size and pads', () => {
    let checked = 0;
    for (const { c, at } of textual) {
      const t = toTensorFlow(c.resolved.options, c.input, c.kernel);
      // An output padding >= stride has no TensorFlow form at all (the translation says so).
      if (c.resolved.options.outputPadding.some((a, i) => a >= c.resolved.options.strides[i])) {
        expect(t.exact).toBe(false);
        continue;
      }
      const code = flat(tensorflowCode(t, at));
      const rank = c.input.length;
      const o = /output_shape=\[1, ([\d, ]+), \d+\]/.exec(code)![1].split(', ').map(Number);
      const s = pyInts(code, 'strides', rank);
      const d = pyInts(code, 'dilations', rank);
      const k = c.kernel;
      const pad = /padding=('SAME'|'VALID'|\[\[.*?\]\])/.exec(code)![1];
      const K = k.map((v, i) => (v - 1) * d[i] + 1);
      let begin: number[];
      if (pad === "'SAME'") {
        // out_conv = ceil(in / s); total = max((out_conv - 1) s + K - in, 0), the smaller half first.
        o.forEach((n, i) => expect(Math.ceil(n / s[i])).toBe(c.input[i]));
        begin = o.map((n, i) => Math.floor(Math.max((c.input[i] - 1) * s[i] + K[i] - n, 0) / 2));
      } else if (pad === "'VALID'") {
        o.forEach((n, i) => expect(Math.ceil((n - K[i] + 1) / s[i])).toBe(c.input[i]));
        const crop = /\)\[:, ([\d:, ]+), :\]/.exec(code);
        begin = crop ? crop[1].split(', ').map((r) => Number(r.split(':')[0])) : axes(rank, () => 0);
      } else {
        const pairs = (JSON.parse(pad) as number[][]).slice(1, rank + 1);
        o.forEach((n, i) => expect(Math.floor((n + pairs[i][0] + pairs[i][1] - K[i]) / s[i]) + 1).toBe(c.input[i]));
        begin = pairs.map((p) => p[0]);
      }
      const shape = assertedShape(code).slice(1, rank + 1);
      if (t.exact) {
        expect(shape).toEqual(c.resolved.outputShape);
        expect(begin).toEqual(c.resolved.options.pads.slice(0, rank));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
  it('Keras: the asserted size is Keras\'s compute_conv_transpose_output_length; exact => the canonical size', () => {
    let checked = 0;
    for (const { c, at } of textual) {
      const t = toKeras(c.resolved.options, c.input, c.kernel);
      const code = flat(kerasCode(t, at));
      const rank = c.input.length;
      const s = pyInts(code, 'strides', rank);
      const d = pyInts(code, 'dilation_rate', rank);
      const same = code.includes('padding="same"');
      const op = code.includes('output_padding=None') ? null : pyInts(code, 'output_padding', rank);
      // keras/src/backend/common/backend_utils.py: kernel_size = k + (k-1)(d-1);
      // output_padding None: valid (in-1)s + max(kernel_size, s), same in*s;
      // else pad = kernel_size // 2 for same, 0 for valid: (in-1)s + kernel_size - 2 pad + output_padding.
      const length = c.input.map((n, i) => {
        const ks = c.kernel[i] + (c.kernel[i] - 1) * (d[i] - 1);
        if (op === null) return same ? n * s[i] : (n - 1) * s[i] + Math.max(ks, s[i]);
        const pad = same ? Math.floor(ks / 2) : 0;
        return (n - 1) * s[i] + ks - 2 * pad + op[i];
      });
      expect(assertedShape(code).slice(1, rank + 1)).toEqual(length);
      if (t.exact) {
        expect(length).toEqual(c.resolved.outputShape);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
  it('Caffe: the stated size is deconv_layer.cpp\'s stride(in-1) + dilation(k-1) + 1 - 2 pad; exact => the canonical size', () => {
    let checked = 0;
    for (const { c } of textual) {
      const t = toCaffe(c.resolved.options, c.input, c.kernel);
      const code = caffeCode(t, { inputShape: c.input, inChannels: c.cin, outChannels: c.cout });
      const rank = c.input.length;
      const field = (name: string) => {
        const values = [...code.matchAll(new RegExp(`^ +${name}: (\\d+)$`, 'gm'))].map((m) => Number(m[1]));
        return values.length === 1 ? axes(rank, () => values[0]) : values;
      };
      const [k, s, p, d] = [field('kernel_size'), field('stride'), field('pad'), field('dilation')];
      const size = c.input.map((n, i) => s[i] * (n - 1) + d[i] * (k[i] - 1) + 1 - 2 * p[i]);
      expect(assertedShape(code).slice(2)).toEqual(size);
      expect(Number(/group: (\d+)/.exec(code)![1])).toBe(c.groups);
      if (t.exact) {
        expect(size).toEqual(c.resolved.outputShape);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
