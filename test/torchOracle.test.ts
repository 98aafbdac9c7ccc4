/**
 * PyTorch 1.13 as a live oracle (issue 17, section 3). Seeded random configurations are
 * generated here, run in ONE python process by test/torch_oracle.py (float64, PyTorch's own
 * operators and autograd), and compared with the core in float64 (max |core - torch| <=
 * 1e-9 * max |torch|) and in float32 (the same inputs rounded to float32, <= 1e-4 * max |torch|).
 *
 * What is compared, and how the core's conventions map onto PyTorch's:
 *   conv           conv(x, w, {strides, dilations, pads, groups, bias}) vs F.conv{1,2,3}d. PyTorch pads
 *                  symmetrically; asymmetric ONNX pads [begins..., ends...] are F.pad(x, ...) then an
 *                  unpadded convolution (the same zero padding, made explicit).
 *   conv grads     convGradInput / convGradWeight / convGradBias vs autograd of sum(y * dy).
 *   convTranspose  convTranspose(x, w, {..., outputPadding}) vs F.conv_transpose{1,2,3}d. Asymmetric pads:
 *                  the unpadded result cropped by begin/end (ONNX ConvTranspose: pads remove output rows,
 *                  out = s(in-1) + outputPadding + d(k-1)+1 - begin - end; PyTorch's symmetric `padding` is
 *                  the special case begin = end, torch.nn.ConvTranspose2d docs).
 *   convT grads    convTransposeGradInput / convTransposeGradWeight / convGradBias vs autograd.
 *   resize         resize(x, size, {mode, coordinates}) vs F.interpolate(x, size=...):
 *                    nearest  + asymmetric     <-> mode='nearest'        (src = floor(o * in/out))
 *                    nearest  + half_pixel     <-> mode='nearest-exact'  (src = floor((o + 0.5) * in/out))
 *                    bilinear + align_corners  <-> mode='linear'/'bilinear'/'trilinear', align_corners=True
 *                    bilinear + half_pixel     <-> the same modes, align_corners=False
 *                  (PyTorch aten/src/ATen/native/UpSample.h: nearest_idx, nearest_exact_idx,
 *                  area_pixel_compute_scale, area_pixel_compute_source_index). The core's nearest +
 *                  align_corners and bilinear + asymmetric are TensorFlow conventions with no PyTorch mode.
 *   pixelShuffle   pixelShuffle / pixelUnshuffle (2-D) vs F.pixel_shuffle / F.pixel_unshuffle.
 *   engines        float32 conv and convTranspose run on the fastest engine ('auto'); the forward ops are
 *                  run again on every other engine this host has (setEngine), against the same oracle.
 *
 * The configurations come from the core's seeded generator (randomSource), so every run checks the
 * same ones. /usr/bin/python3 without torch: a failure under CI=true, else a skip with a message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  availableEngines, conv, convGradBias, currentEngine, setEngine, convGradInput, convGradWeight, convOutputSize, convTranspose, convTransposeGradInput,
  convTransposeGradWeight, convTransposeOutputSize, pixelShuffle, pixelUnshuffle, randomSource, resize, resizeTaps,
  type ResizeOptions, type Tensor,
} from '../src/index';

const PYTHON = '/usr/bin/python3';
const SEED = 20261203;
const TOLERANCE = { float64: 1e-9, float32: 1e-4 } as const;
const MINIMUM_CASES = 500;

function torchMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} with torch is missing (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
}
const missing = torchMissing();
if (missing && process.env.CI === 'true') throw new Error(`the PyTorch oracle needs ${missing}; scripts/setup.sh installs python3-torch`);
if (missing) console.warn(`[torchOracle] skipping the PyTorch oracle: ${missing}`);
const withTorch = missing ? describe.skip : describe;

// ---------------------------------------------------------------- seeded configurations

const next = randomSource(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
const coin = () => next() < 0.5;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

interface Flat { shape: number[]; data: number[] }
const values = (shape: number[]): Flat => ({ shape, data: times(shape.reduce((a, b) => a * b, 1), () => 2 * next() - 1) });

interface ConvCase {
  kind: 'conv' | 'convTranspose';
  x: Flat; w: Flat; bias?: Flat; dy: Flat;
  strides: number[]; dilations: number[]; padsBegin: number[]; padsEnd: number[]; outputPadding: number[]; groups: number;
  label: string;
}
interface ResizeCase { kind: 'resize'; x: Flat; size: number[]; mode: 'nearest' | 'nearest-exact' | 'linear'; alignCorners: boolean; label: string }
interface ShuffleCase { kind: 'pixelShuffle' | 'pixelUnshuffle'; x: Flat; r: number; label: string }
type Case = ConvCase | ResizeCase | ShuffleCase;
const isConv = (c: Case): c is ConvCase => c.kind === 'conv' || c.kind === 'convTranspose';

/** Channel layout: dense (G = 1), grouped (G = 2, 3) or depthwise (one input channel per group). */
function channels(): { groups: number; cPerGroup: number; mPerGroup: number; layout: string } {
  const layout = pick(['dense', 'dense', 'grouped', 'depthwise']);
  if (layout === 'dense') return { groups: 1, cPerGroup: int(1, 3), mPerGroup: int(1, 3), layout };
  if (layout === 'grouped') return { groups: int(2, 3), cPerGroup: int(1, 2), mPerGroup: int(1, 2), layout };
  return { groups: int(1, 4), cPerGroup: 1, mPerGroup: int(1, 2), layout };
}

function pads(rank: number): { padsBegin: number[]; padsEnd: number[] } {
  const padsBegin = times(rank, () => int(0, 2));
  return { padsBegin, padsEnd: coin() ? [...padsBegin] : times(rank, () => int(0, 2)) };
}

function describeConv(c: Omit<ConvCase, 'label' | 'dy'>, layout: string): string {
  return `${c.kind} ${c.strides.length}-D x=${JSON.stringify(c.x.shape)} w=${JSON.stringify(c.w.shape)} groups=${c.groups} (${layout}) `
    + `strides=${c.strides} dilations=${c.dilations} pads=[${c.padsBegin}|${c.padsEnd}]`
    + (c.kind === 'convTranspose' ? ` outputPadding=${c.outputPadding}` : '') + (c.bias ? ' bias' : '');
}

function convCase(): ConvCase {
  const rank = int(1, 3);
  const { groups, cPerGroup, mPerGroup, layout } = channels();
  const kernel = times(rank, () => int(1, rank === 3 ? 2 : 3));
  const strides = times(rank, () => int(1, 3));
  const dilations = times(rank, () => int(1, 2));
  const { padsBegin, padsEnd } = pads(rank);
  // The padded input must hold the dilated kernel at least once.
  const input = kernel.map((k, a) => {
    const extent = dilations[a] * (k - 1) + 1;
    return int(Math.max(1, extent - padsBegin[a] - padsEnd[a]), extent + (rank === 3 ? 3 : 6));
  });
  const batch = int(1, 2);
  const x = values([batch, groups * cPerGroup, ...input]);
  const w = values([groups * mPerGroup, cPerGroup, ...kernel]);
  const bias = coin() ? values([groups * mPerGroup]) : undefined;
  const out = input.map((n, a) => convOutputSize(n, kernel[a], strides[a], dilations[a], padsBegin[a], padsEnd[a]));
  const c = { kind: 'conv' as const, x, w, bias, strides, dilations, padsBegin, padsEnd, outputPadding: times(rank, () => 0), groups };
  return { ...c, dy: values([batch, groups * mPerGroup, ...out]), label: describeConv(c, layout) };
}

function convTransposeCase(): ConvCase {
  const rank = int(1, 3);
  const { groups, cPerGroup, mPerGroup, layout } = channels();
  const kernel = times(rank, () => int(1, rank === 3 ? 2 : 3));
  const strides = times(rank, () => int(1, 3));
  const dilations = times(rank, () => int(1, 2));
  // PyTorch's rule (torch.nn.ConvTranspose2d): output_padding < max(stride, dilation).
  const outputPadding = times(rank, (a) => int(0, Math.max(strides[a], dilations[a]) - 1));
  const input = times(rank, () => int(1, rank === 3 ? 3 : 5));
  let { padsBegin, padsEnd } = pads(rank);
  const size = (pb: number[], pe: number[]) =>
    input.map((n, a) => convTransposeOutputSize(n, kernel[a], strides[a], dilations[a], pb[a], pe[a], outputPadding[a]));
  // Pads that would crop everything are dropped: the output keeps at least one position per axis.
  if (size(padsBegin, padsEnd).some((o) => o < 1)) padsBegin = padsEnd = times(rank, () => 0);
  const batch = int(1, 2);
  const x = values([batch, groups * cPerGroup, ...input]);
  const w = values([groups * cPerGroup, mPerGroup, ...kernel]);
  const bias = coin() ? values([groups * mPerGroup]) : undefined;
  const c = { kind: 'convTranspose' as const, x, w, bias, strides, dilations, padsBegin, padsEnd, outputPadding, groups };
  return { ...c, dy: values([batch, groups * mPerGroup, ...size(padsBegin, padsEnd)]), label: describeConv(c, layout) };
}

const RESIZE_MODES = [
  { mode: 'nearest', alignCorners: false, core: { mode: 'nearest', coordinates: 'asymmetric' } },
  { mode: 'nearest-exact', alignCorners: false, core: { mode: 'nearest', coordinates: 'half_pixel' } },
  { mode: 'linear', alignCorners: true, core: { mode: 'bilinear', coordinates: 'align_corners' } },
  { mode: 'linear', alignCorners: false, core: { mode: 'bilinear', coordinates: 'half_pixel' } },
] as const;

function resizeOptions(c: ResizeCase): ResizeOptions {
  return RESIZE_MODES.find((m) => m.mode === c.mode && m.alignCorners === c.alignCorners)!.core;
}

function resizeCase(): ResizeCase {
  const rank = int(1, 3);
  const { mode, alignCorners } = pick(RESIZE_MODES);
  const input = times(rank, () => int(1, rank === 3 ? 4 : 7));
  const size = times(rank, () => int(1, rank === 3 ? 7 : 13));
  const x = values([int(1, 2), int(1, 3), ...input]);
  const label = `resize ${rank}-D ${JSON.stringify(input)} -> ${JSON.stringify(size)} mode=${mode}`
    + (mode === 'linear' ? ` align_corners=${alignCorners ? 'True' : 'False'}` : '');
  return { kind: 'resize', x, size, mode, alignCorners, label };
}

function shuffleCase(): ShuffleCase {
  const r = int(1, 3);
  const c = int(1, 3);
  const [h, w] = [int(1, 4), int(1, 4)];
  const batch = int(1, 2);
  if (coin()) return { kind: 'pixelShuffle', r, x: values([batch, c * r * r, h, w]), label: `pixelShuffle r=${r} x=[${batch},${c * r * r},${h},${w}]` };
  return { kind: 'pixelUnshuffle', r, x: values([batch, c, h * r, w * r]), label: `pixelUnshuffle r=${r} x=[${batch},${c},${h * r},${w * r}]` };
}

const PLAN = [
  { make: convCase, count: 160 },
  { make: convTransposeCase, count: 160 },
  { make: resizeCase, count: 160 },
  { make: shuffleCase, count: 60 },
];
const cases: Case[] = PLAN.flatMap(({ make, count }) => times(count, () => make()));

/**
 * Nearest resizing picks an input index by a floor, so a source position that is exactly an
 * integer in rational arithmetic (o * in/out = 13 for 26 -> 46, o = 23) is where rounding decides.
 * Random sizes rarely land there; this sweep tries every 1-D resize in -> out with in, out <= 64.
 */
const SWEEP_SIZE = 64;
const SWEEP_MODES = [
  { mode: 'nearest', coordinates: 'asymmetric', exact: (o: number, i: number, n: number) => Math.floor((o * i) / n) },
  { mode: 'nearest-exact', coordinates: 'half_pixel', exact: (o: number, i: number, n: number) => Math.floor(((2 * o + 1) * i) / (2 * n)) },
] as const;

// ---------------------------------------------------------------- comparison

type DTypeName = keyof typeof TOLERANCE;
const asTensor = (f: Flat, dtype: DTypeName): Tensor =>
  ({ shape: f.shape, data: dtype === 'float64' ? Float64Array.from(f.data) : Float32Array.from(f.data) });

interface Stat { count: number; maxAbs: number; maxRel: number; worst: string }
const stats = new Map<string, Stat>();
const failures: string[] = [];

/** Records max |core - torch| (and relative to max |torch|), and a failure beyond the tolerance. */
function compare(op: string, dtype: DTypeName, label: string, core: Tensor, torch: Flat | undefined): void {
  const key = `${op} ${dtype}`;
  const stat = stats.get(key) ?? { count: 0, maxAbs: 0, maxRel: 0, worst: '' };
  stats.set(key, stat);
  stat.count++;
  if (!torch) return void failures.push(`${key}: torch returned no ${op} for ${label}`);
  if (JSON.stringify(core.shape) !== JSON.stringify(torch.shape)) {
    return void failures.push(`${key}: shape ${JSON.stringify(core.shape)} != torch ${JSON.stringify(torch.shape)} for ${label}`);
  }
  let diff = 0;
  let scale = 0;
  torch.data.forEach((t, i) => {
    diff = Math.max(diff, Math.abs(core.data[i] - t));
    scale = Math.max(scale, Math.abs(t));
  });
  const rel = diff / Math.max(scale, Number.MIN_VALUE);
  if (diff > stat.maxAbs) stat.maxAbs = diff;
  if (rel > stat.maxRel) [stat.maxRel, stat.worst] = [rel, label];
  if (!(diff <= TOLERANCE[dtype] * scale)) failures.push(`${key}: max |core - torch| = ${diff} (max |torch| = ${scale}) for ${label}`);
}

interface Result { error?: string; y?: Flat; dx?: Flat; dw?: Flat; db?: Flat }
type Sweep = Record<(typeof SWEEP_MODES)[number]['mode'], number[][][]>;

/** Sizes in -> out (1-based) where `pick(in, out)` differs from PyTorch's indices, as "in->out". */
function sweepMismatches(sweep: Sweep, mode: keyof Sweep, pick: (inSize: number, outSize: number) => number[]): string[] {
  const bad: string[] = [];
  sweep[mode].forEach((row, a) => row.forEach((torch, b) => {
    if (pick(a + 1, b + 1).join() !== torch.join()) bad.push(`${a + 1}->${b + 1}`);
  }));
  return bad;
}

function checkConv(c: ConvCase, r: Result, dtype: DTypeName): void {
  const [x, w, dy] = [asTensor(c.x, dtype), asTensor(c.w, dtype), asTensor(c.dy, dtype)];
  const bias = c.bias && asTensor(c.bias, dtype);
  const geometry = { strides: c.strides, dilations: c.dilations, pads: [...c.padsBegin, ...c.padsEnd], groups: c.groups };
  const kernelShape = c.w.shape.slice(2);
  if (c.kind === 'conv') {
    compare('conv', dtype, c.label, conv(x, w, { ...geometry, bias }), r.y);
    compare('convGradInput', dtype, c.label, convGradInput(dy, w, { ...geometry, inputShape: c.x.shape }), r.dx);
    compare('convGradWeight', dtype, c.label, convGradWeight(x, dy, { ...geometry, kernelShape }), r.dw);
  } else {
    const options = { ...geometry, outputPadding: c.outputPadding };
    compare('convTranspose', dtype, c.label, convTranspose(x, w, { ...options, bias }), r.y);
    compare('convTransposeGradInput', dtype, c.label, convTransposeGradInput(dy, w, { ...options, inputShape: c.x.shape }), r.dx);
    compare('convTransposeGradWeight', dtype, c.label, convTransposeGradWeight(x, dy, { ...options, kernelShape }), r.dw);
  }
  if (bias) compare(`${c.kind}GradBias`, dtype, c.label, convGradBias(dy), r.db);
}

function check(c: Case, r: Result, dtype: DTypeName): void {
  if (r.error) return void failures.push(`torch failed on ${c.label}: ${r.error}`);
  if (isConv(c)) return checkConv(c, r, dtype);
  const x = asTensor(c.x, dtype);
  if (c.kind === 'resize') {
    const op = `resize ${c.mode}${c.mode === 'linear' ? ` align_corners=${c.alignCorners}` : ''}`;
    return compare(op, dtype, c.label, resize(x, c.size, resizeOptions(c)), r.y);
  }
  compare(c.kind, dtype, c.label, c.kind === 'pixelShuffle' ? pixelShuffle(x, c.r) : pixelUnshuffle(x, c.r), r.y);
}

// ---------------------------------------------------------------- the run

withTorch('PyTorch 1.13 as a live oracle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deconv-torch-oracle-'));
  let results: Result[] = [];
  let sweep: Sweep;
  let version = '';
  let seconds = 0;

  beforeAll(() => {
    const started = performance.now();
    writeFileSync(join(dir, 'cases.json'), JSON.stringify([...cases, { kind: 'nearestSweep', maxSize: SWEEP_SIZE }]));
    const run = spawnSync(PYTHON, [join(__dirname, 'torch_oracle.py'), join(dir, 'cases.json'), join(dir, 'results.json')], {
      encoding: 'utf8', timeout: 110_000,
    });
    if (run.status !== 0) throw new Error(`torch_oracle.py failed (${run.status ?? run.signal}): ${run.stderr}`);
    ({ torch: version, results } = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
    sweep = (results.pop() as { indices: Sweep }).indices;
    seconds = (performance.now() - started) / 1000;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs at least ${MINIMUM_CASES} seeded configurations, every kind of them`, () => {
    expect(results.length).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
    const kinds = new Map<string, number>();
    cases.forEach((c) => kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1));
    console.log(`[torchOracle] torch ${version}, ${cases.length} configurations (seed ${SEED}) in one python process, ${seconds.toFixed(1)} s: `
      + [...kinds].map(([k, n]) => `${k} ${n}`).join(', '));
    // Coverage of the features the issue names, so that a change of the generator cannot drop one silently.
    const convs = cases.filter(isConv);
    for (const kind of ['conv', 'convTranspose'] as const) {
      const mine = convs.filter((c) => c.kind === kind);
      for (const rank of [1, 2, 3]) expect(mine.some((c) => c.strides.length === rank), `${kind} ${rank}-D`).toBe(true);
      expect(mine.some((c) => c.groups > 1 && c.x.shape[1] === c.groups), `${kind} depthwise`).toBe(true);
      expect(mine.some((c) => c.groups > 1 && c.x.shape[1] > c.groups), `${kind} grouped`).toBe(true);
      expect(mine.some((c) => c.padsBegin.some((p, a) => p !== c.padsEnd[a])), `${kind} asymmetric pads`).toBe(true);
      expect(mine.some((c) => c.strides.some((s) => s > 1) && c.dilations.some((d) => d > 1)), `${kind} stride and dilation`).toBe(true);
      expect(mine.some((c) => c.bias), `${kind} bias`).toBe(true);
    }
    expect(convs.some((c) => c.outputPadding.some((p) => p > 0)), 'output padding').toBe(true);
    for (const m of RESIZE_MODES) {
      for (const rank of [1, 2, 3]) {
        expect(cases.some((c) => c.kind === 'resize' && c.mode === m.mode && c.alignCorners === m.alignCorners && c.size.length === rank),
          `resize ${m.mode} ${m.alignCorners} ${rank}-D`).toBe(true);
      }
    }
  });

  for (const dtype of ['float64', 'float32'] as const) {
    it(`the core agrees with PyTorch in ${dtype} (max |core - torch| <= ${TOLERANCE[dtype]} max |torch|)`, () => {
      const before = failures.length;
      cases.forEach((c, i) => check(c, results[i], dtype));
      const rows = [...stats].filter(([key]) => key.endsWith(dtype)).map(([key, s]) =>
        `  ${key.padEnd(40)} ${String(s.count).padStart(4)} configs  max abs ${s.maxAbs.toExponential(2)}  max rel ${s.maxRel.toExponential(2)}`);
      console.log(`[torchOracle] ${dtype}:\n${rows.join('\n')}`);
      expect(failures.slice(before)).toEqual([]);
    });
  }

  // float32 conv and convTranspose run on the engine picked by 'auto' above; the others get the same oracle.
  it('float32 conv and convTranspose agree with PyTorch on every other engine this host has', () => {
    const before = failures.length;
    const others = availableEngines().filter((e) => e !== currentEngine());
    for (const engine of others) {
      const previous = setEngine(engine);
      try {
        cases.filter(isConv).forEach((c) => {
          const r = results[cases.indexOf(c)];
          const options = { strides: c.strides, dilations: c.dilations, pads: [...c.padsBegin, ...c.padsEnd], groups: c.groups };
          const [x, w] = [asTensor(c.x, 'float32'), asTensor(c.w, 'float32')];
          const bias = c.bias && asTensor(c.bias, 'float32');
          const y = c.kind === 'conv' ? conv(x, w, { ...options, bias }) : convTranspose(x, w, { ...options, bias, outputPadding: c.outputPadding });
          compare(`${c.kind} [${engine}]`, 'float32', c.label, y, r.y);
        });
      } finally {
        setEngine(previous);
      }
    }
    console.log(`[torchOracle] float32 engines: auto = ${currentEngine()}; also checked: ${others.join(', ') || 'none'}; `
      + others.flatMap((e) => ['conv', 'convTranspose'].map((k) => {
        const s = stats.get(`${k} [${e}] float32`)!;
        return `${k} [${e}] ${s.count} configs, max rel ${s.maxRel.toExponential(2)}`;
      })).join('; '));
    expect(failures.slice(before)).toEqual([]);
  });

  // The oracle itself: PyTorch 1.13 picks floor(o in/out) ('nearest') and floor((o + 1/2) in/out)
  // ('nearest-exact'), clamped to in - 1, computed exactly (integer arithmetic here).
  it(`PyTorch's nearest indices are the exact rational floors, for every in, out <= ${SWEEP_SIZE}`, () => {
    for (const { mode, exact } of SWEEP_MODES) {
      expect(sweepMismatches(sweep, mode, (i, n) => times(n, (o) => Math.min(i - 1, exact(o, i, n)))), mode).toEqual([]);
    }
  });

  // Found by this sweep: the core once took ratio = in/out first and then floor(ratio * o), which can
  // fall just below a whole number (26 -> 46, o = 23: (26/46) * 23 = 12.999999999999998, index 12
  // where PyTorch picks 13; 14 of 4096 size pairs for 'nearest', 40 for 'nearest-exact'). The core now
  // takes the floor of a quotient of integers (src/interpolate.ts, nearestIndex).
  it(`the core's nearest resize picks PyTorch's index for every in, out <= ${SWEEP_SIZE}`, () => {
    const mismatches = SWEEP_MODES.map(({ mode, coordinates }) =>
      `${mode}: ${sweepMismatches(sweep, mode, (i, n) => resizeTaps(i, n, { mode: 'nearest', coordinates }).map((t) => t.index[0])).join(' ')}`);
    console.log(`[torchOracle] core vs PyTorch nearest index sweep, differing in->out:\n  ${mismatches.join('\n  ')}`);
    expect(mismatches).toEqual(SWEEP_MODES.map(({ mode }) => `${mode}: `));
  });
});
